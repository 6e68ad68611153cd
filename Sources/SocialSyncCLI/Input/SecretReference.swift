import Dataverse
import Foundation

/// What `--client-secret-file` stores, in the form the daemon resolves it
/// (`SecretSource`, used by `InstanceConnector`): a value with a `/` is a file path, a bare
/// name is a systemd credential looked up in `$CREDENTIALS_DIRECTORY`.
enum SecretReference {
    /// A path is made absolute against the current directory, because the service runs
    /// from `/` and would not find `./contoso.secret`; the file must be readable now (exit
    /// 66 naming it). A bare name is kept as typed: it can only be checked inside the
    /// service, so outside it (no `$CREDENTIALS_DIRECTORY`) a notice says it was not.
    static func resolved(_ reference: String, context: CommandContext) throws -> String {
        guard reference.contains("/") else {
            if context.environment["CREDENTIALS_DIRECTORY"] == nil {
                let file = FileManager.default.fileExists(atPath: reference) ? "; to use the file '\(reference)' here, write ./\(reference)" : ""
                context.console.err("socialsync: notice: client secret '\(reference)' is a systemd credential name (no '/'): the service reads it from its credentials directory (LoadCredential=\(reference):…), so it is not checked now\(file)")
            } else {
                try check(reference, context: context)
            }
            return reference
        }
        let absolute = reference.hasPrefix("/") ? reference : URL(fileURLWithPath: reference).standardizedFileURL.path
        try check(absolute, context: context)
        return absolute
    }

    /// Reads the secret once to prove it can be read; the secret itself is not kept.
    private static func check(_ reference: String, context: CommandContext) throws {
        let loaded = try SecretSource(reference: reference, environment: context.environment).load()
        if let warning = loaded.warning { context.console.err("socialsync: warning: \(warning)") }
    }
}
