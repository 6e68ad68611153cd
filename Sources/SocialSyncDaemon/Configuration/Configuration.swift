import Foundation
import SocialSyncCore

/// The daemon's and the command line's settings (interface.md, "Configuration file").
/// Instances, posts, links and rules live in the store, not here.
public struct Configuration: Sendable, Equatable {
    public enum LogFormat: String, Sendable, CaseIterable { case auto, json, logfmt }
    public enum LogLevel: String, Sendable, CaseIterable, Comparable {
        case debug, info, notice, warning, error

        public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Absolute path of the SQLite store.
    public var storePath: String
    /// nil when the endpoint is turned off (`"listen": ""`).
    public var listen: ListenAddress?
    /// Requests the health endpoint answers per second (a second's worth at once); more
    /// wait for their turn, so a flood of requests cannot take the daemon's CPU.
    public var healthRequestsPerSecond: Int
    public var pollIntervalSeconds: Double
    public var verifyIntervalSeconds: Double
    public var confirmations: Int
    public var requestTimeoutSeconds: Double
    public var maxConcurrentRequestsPerInstance: Int
    /// R44: requests per minute an instance's creations may use, every request a creation
    /// needs counted (`CreationPacing`). The default, 1,500 per five minutes, is a quarter of
    /// Dataverse's 6,000 requests per user per five minutes, leaving the rest to verification.
    public var creationRequestsPerMinute: Int
    /// How full verification passes read the social activities (`VerificationModeChoice`).
    public var verificationMode: VerificationModeSetting = .auto
    public var logFormat: LogFormat
    public var logLevel: LogLevel
    /// The file this came from; nil for the built-in defaults.
    public var sourceFile: String?

    public static let defaultFile = "/etc/socialsync/config.json"

    public static let defaults = Configuration(
        storePath: "/var/lib/socialsync/socialsync.db", listen: ListenAddress(host: "127.0.0.1", port: 9464), healthRequestsPerSecond: 100,
        pollIntervalSeconds: 30, verifyIntervalSeconds: 300, confirmations: 2, requestTimeoutSeconds: 20,
        maxConcurrentRequestsPerInstance: 8, creationRequestsPerMinute: 300, logFormat: .auto, logLevel: .info, sourceFile: nil
    )
}
