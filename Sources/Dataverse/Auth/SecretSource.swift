import Foundation
import Glibc

/// Where an instance's client secret is read from: its `clientSecretFile` is a path, or a bare
/// name (no `/`) of a systemd credential in `$CREDENTIALS_DIRECTORY` (`LoadCredential=`).
///
/// Read at every token request, so a rotated secret takes effect without a restart.
public struct SecretSource: Sendable, Equatable {
    /// The file actually read.
    public let path: String

    /// Fails when a bare name is given and no credentials directory is set.
    public init(reference: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(SecretError) {
        if reference.contains("/") {
            path = reference
        } else if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty {
            path = directory + "/" + reference
        } else {
            throw SecretError(path: reference, reason: .noCredentialsDirectory)
        }
    }

    /// The secret (one trailing line break dropped) and, when group or others may read the
    /// file, a warning naming it for the caller to log.
    public func load() throws(SecretError) -> LoadedSecret {
        var status = stat()
        guard stat(path, &status) == 0 else { throw SecretError(path: path, reason: .unreadable(errno: errno)) }
        guard let data = FileManager.default.contents(atPath: path) else { throw SecretError(path: path, reason: .unreadable(errno: EACCES)) }
        var text = String(decoding: data, as: UTF8.self)
        if text.last?.isNewline == true { text.removeLast() }
        guard !text.isEmpty else { throw SecretError(path: path, reason: .empty) }
        let exposed = status.st_mode & (S_IRGRP | S_IROTH) != 0
        let warning = exposed ? "client secret file \(path) is readable by group or others; restrict it to its owner (chmod 600)" : nil
        return LoadedSecret(secret: ClientSecret(text), warning: warning)
    }
}

/// A secret read from its file, with the permission warning if any.
public struct LoadedSecret: Sendable, Equatable {
    public var secret: ClientSecret
    public var warning: String?
}

/// Why the secret could not be read. Names the file, never its content.
public struct SecretError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case noCredentialsDirectory
        case unreadable(errno: Int32)
        case empty
    }

    public var path: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .noCredentialsDirectory: "client secret \(path): a bare credential name needs $CREDENTIALS_DIRECTORY (systemd LoadCredential)"
        case let .unreadable(code): "client secret file \(path): \(String(cString: strerror(code)))"
        case .empty: "client secret file \(path) is empty"
        }
    }
}
