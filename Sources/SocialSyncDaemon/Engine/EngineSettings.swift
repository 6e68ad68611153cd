import Foundation
import SocialSyncCore
import Synchronization

/// Every knob of the engine, from the configuration plus the sizes the benchmarks chose,
/// swapped as a whole on SIGHUP: a reload takes effect at each loop's next iteration, and
/// a pass keeps the value it started with.
public struct EngineSettings: Sendable, Equatable {
    public var pollIntervalSeconds: Double
    public var verifyIntervalSeconds: Double
    public var confirmations: Int
    /// R44's pacing of each instance's creations.
    public var creationRequestsPerMinute: Int
    /// Links verified per batch of requests (ids per batched read before URL chunking).
    /// Large enough that each table's last, partly filled request is rare (Benchmarks/README.md),
    /// small enough that a batch's links and answers stay a few megabytes.
    public var verificationBatchSize: Int
    /// With change tracking, passes between full verifications only verify what changed;
    /// a full verification still runs at least this often (Benchmarks/README.md).
    public var fullVerificationIntervalSeconds: Double
    /// Pending creations sent per outbox flush of one instance.
    public var outboxBatchSize: Int
    public var outboxBackoff: Backoff
    /// `verification_mode`: how full passes read the social activities.
    public var verificationMode: VerificationModeSetting

    public init(
        pollIntervalSeconds: Double = Configuration.defaults.pollIntervalSeconds, verifyIntervalSeconds: Double = Configuration.defaults.verifyIntervalSeconds,
        confirmations: Int = Configuration.defaults.confirmations, creationRequestsPerMinute: Int = Configuration.defaults.creationRequestsPerMinute,
        verificationBatchSize: Int = 5000, fullVerificationIntervalSeconds: Double = 86_400, outboxBatchSize: Int = 50,
        outboxBackoff: Backoff = Backoff(baseSeconds: 2, capSeconds: 600), verificationMode: VerificationModeSetting = Configuration.defaults.verificationMode
    ) {
        self.pollIntervalSeconds = pollIntervalSeconds
        self.verifyIntervalSeconds = verifyIntervalSeconds
        self.confirmations = confirmations
        self.creationRequestsPerMinute = creationRequestsPerMinute
        self.verificationBatchSize = verificationBatchSize
        self.fullVerificationIntervalSeconds = fullVerificationIntervalSeconds
        self.outboxBatchSize = outboxBatchSize
        self.outboxBackoff = outboxBackoff
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
