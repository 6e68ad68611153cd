import Foundation
import SocialSyncDaemon

/// The `socialsync` program: global options, the command table, and exit codes.
public enum SocialSyncCommandLine {
    /// Runs one command line and returns its exit code. `arguments` excludes the program name.
    public static func run(_ arguments: [String], environment: [String: String]) -> Int32 {
        let console = Console()
        do {
            var rest = arguments[...]
            var configFlag: String?
            while let first = rest.first, first == "--config" || first.hasPrefix("--config=") {
                rest = rest.dropFirst()
                if first == "--config" {
                    guard let path = rest.popFirst() else { throw CommandError(.usage, "--config needs a value (PATH)") }
                    configFlag = path
                } else {
                    configFlag = String(first.dropFirst("--config=".count))
                }
            }
            if rest.elementsEqual(["--version"]) {
                console.out("socialsync \(SocialSyncVersion.current)")
                return ExitCode.ok.rawValue
            }
            let context = CommandContext(
                configurationPath: ConfigurationLoader.resolvePath(flag: configFlag, environment: environment, fileExists: FileManager.default.fileExists(atPath:)),
                environment: environment, console: console, now: { Date() }
            )
            switch try ArgumentParser(table: CommandTable.all).parse(Array(rest)) {
            case .help(let text):
                console.out(text)
            case .run(let command, let positionals, let values, let flags):
                try command.action(Invocation(command: command, positionals: positionals, values: values, flags: flags, context: context))
            }
            return ExitCode.ok.rawValue
        } catch let error as CommandError {
            console.err("socialsync: \(error.message)")
            return error.code.rawValue
        } catch {
            console.err("socialsync: \(CommandErrors.describe(error))")
            return CommandErrors.exitCode(for: error).rawValue
        }
    }
}
