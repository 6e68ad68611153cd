import Foundation
import SocialSyncDaemon
import SocialSyncStore

/// What every command may use: the resolved configuration, the console, the environment
/// and the clock. Commands reach the outside only through this.
struct CommandContext {
    let configurationPath: String?
    let environment: [String: String]
    let console: Console
    let now: @Sendable () -> Date

    /// Loaded on first use, so `--help` works even with a broken configuration.
    func configuration() throws(ConfigurationError) -> Configuration {
        try ConfigurationLoader.load(path: configurationPath)
    }

    /// Opens the configured store, warning when its file is readable by others.
    func openStore() throws -> Store {
        let configuration = try configuration()
        let store = try Store(path: configuration.storePath)
        if let mode = store.exposedPermissions {
            console.err("socialsync: warning: store \(store.path) has mode \(String(mode, radix: 8)); it should be 600")
        }
        return store
    }
}
