import Foundation
import SocialSyncCore
import SocialSyncStore

/// What `/status` and `/readyz` report, as the engine last published it. Handlers read
/// this value and nothing else: they never touch the store or wait for the engine.
public struct StatusSnapshot: Sendable, Equatable {
    /// One instance as the status document shows it; no credentials, by construction.
    public struct InstanceStatus: Sendable, Equatable {
        public var id: String
        public var verdict: Verdict
        public var verdictSince: Date?
        public var lastChecked: Date?
        public var isEnabled: Bool
        public var isDeleted: Bool
        /// R1: the organization answering is not the one learned before.
        public var organizationMismatch: Bool
        /// R44: creations waiting for the instance, and how long the oldest has waited.
        public var outboxItems: Int
        public var outboxOldestAgeSeconds: Double
        /// Why the daemon cannot connect to the instance now (its secret cannot be read, …);
        /// nil when it can. The stored verdict is what the instance last answered.
        public var connectionFailure: String?

        public init(
            id: String, verdict: Verdict, verdictSince: Date? = nil, lastChecked: Date? = nil, isEnabled: Bool = true,
            isDeleted: Bool = false, organizationMismatch: Bool = false, outboxItems: Int = 0, outboxOldestAgeSeconds: Double = 0,
            connectionFailure: String? = nil
        ) {
            self.id = id
            self.verdict = verdict
            self.verdictSince = verdictSince
            self.lastChecked = lastChecked
            self.isEnabled = isEnabled
            self.isDeleted = isDeleted
            self.organizationMismatch = organizationMismatch
            self.outboxItems = outboxItems
            self.outboxOldestAgeSeconds = outboxOldestAgeSeconds
            self.connectionFailure = connectionFailure
        }

        public init(
            _ instance: Instance, outbox: OutboxBacklog = OutboxBacklog(items: 0, oldestQueuedAt: nil), at time: Date = Date(), connectionFailure: String? = nil
        ) {
            self.init(
                id: instance.id, verdict: instance.verdict, verdictSince: instance.verdictSince,
                lastChecked: instance.lastChecked, isEnabled: instance.isEnabled, isDeleted: instance.isDeleted,
                organizationMismatch: instance.organizationMismatch, outboxItems: outbox.items,
                outboxOldestAgeSeconds: outbox.oldestQueuedAt.map { max(0, time.timeIntervalSince($0)) } ?? 0, connectionFailure: connectionFailure)
        }
    }

    public var instances: [InstanceStatus]
    public var linkCounts: [LinkState: Int]
    public var outboxDepth: Int
    /// The store is open and the first pass has finished (`/readyz`).
    public var isReady: Bool

    public init(instances: [InstanceStatus] = [], linkCounts: [LinkState: Int] = [:], outboxDepth: Int = 0, isReady: Bool = false) {
        self.instances = instances
        self.linkCounts = linkCounts
        self.outboxDepth = outboxDepth
        self.isReady = isReady
    }
}
