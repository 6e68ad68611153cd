import Foundation
import SocialSyncCore
import Synchronization

/// The scheduling knobs from the configuration, swapped as a whole on SIGHUP (a reload
/// takes effect at each loop's next iteration).
public struct EngineSettings: Sendable, Equatable {
    public var pollIntervalSeconds: Double
    public var verifyIntervalSeconds: Double
    public var confirmations: Int
    /// R44's pacing of each instance's creations.
    public var creationRequestsPerMinute: Int
    public var verificationMode: VerificationModeSetting

    public init(
        pollIntervalSeconds: Double, verifyIntervalSeconds: Double, confirmations: Int,
        creationRequestsPerMinute: Int = Configuration.defaults.creationRequestsPerMinute,
        verificationMode: VerificationModeSetting = Configuration.defaults.verificationMode
    ) {
        self.pollIntervalSeconds = pollIntervalSeconds
        self.verifyIntervalSeconds = verifyIntervalSeconds
        self.confirmations = confirmations
        self.creationRequestsPerMinute = creationRequestsPerMinute
        self.verificationMode = verificationMode
    }

    public init(_ configuration: Configuration) {
        self.init(
            pollIntervalSeconds: configuration.pollIntervalSeconds, verifyIntervalSeconds: configuration.verifyIntervalSeconds,
            confirmations: configuration.confirmations, creationRequestsPerMinute: configuration.creationRequestsPerMinute,
            verificationMode: configuration.verificationMode)
    }
}

/// The current settings, readable from every loop, replaced by a reload.
public final class SharedEngineSettings: Sendable {
    private let current: Mutex<EngineSettings>

    public init(_ settings: EngineSettings) { current = Mutex(settings) }

    public var value: EngineSettings { current.withLock { $0 } }

    public func replace(with settings: EngineSettings) { current.withLock { $0 = settings } }
}
