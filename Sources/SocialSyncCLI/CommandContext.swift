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
        try warnedAbout(Store(path: configuration().storePath))
    }

    /// Opens the configured store for a command that only reads, without write access
    /// when the file exists (`Store.openForReading`), so it works on a read-only file system.
    func openStoreForReading() throws -> Store {
        try warnedAbout(Store.openForReading(path: configuration().storePath))
    }

    private func warnedAbout(_ store: Store) -> Store {
        if let mode = store.exposedPermissions {
            console.err("socialsync: warning: store \(store.path) has mode \(String(mode, radix: 8)); it should be 600")
        }
        return store
    }
}
