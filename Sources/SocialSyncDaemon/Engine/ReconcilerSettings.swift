import Dataverse
import Foundation
import SocialSyncCore

/// The knobs of a pass, from the configuration, plus the clock and randomness the engine
/// uses, so tests can drive both.
public struct ReconcilerSettings: Sendable {
    public var confirmations: Int
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
    /// Pages of whole-table reads decoded and held at once, shared by every instance's
    /// reconciler so that memory stays bounded however many instances read their tables.
    public var activityPages: AsyncSemaphore
    public var now: @Sendable () -> Date
    public var unitRandom: @Sendable () -> Double

    public init(
        confirmations: Int, verificationBatchSize: Int = 5000, fullVerificationIntervalSeconds: Double = 86_400, outboxBatchSize: Int = 50,
        outboxBackoff: Backoff = Backoff(baseSeconds: 2, capSeconds: 600), verificationMode: VerificationModeSetting = .auto,
        activityPages: AsyncSemaphore = AsyncSemaphore(permits: Self.activityPagesAtOnce),
        now: @escaping @Sendable () -> Date = Date.init, unitRandom: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.confirmations = confirmations
        self.verificationBatchSize = verificationBatchSize
        self.fullVerificationIntervalSeconds = fullVerificationIntervalSeconds
        self.outboxBatchSize = outboxBatchSize
        self.outboxBackoff = outboxBackoff
        self.verificationMode = verificationMode
        self.activityPages = activityPages
        self.now = now
        self.unitRandom = unitRandom
    }

    /// One page per core of the machines socialsync is sized for (two): a page of 5,000 rows
    /// is about 1.5 MB as received and as much again decoded, so a few megabytes in all.
    public static let activityPagesAtOnce = 2
}
