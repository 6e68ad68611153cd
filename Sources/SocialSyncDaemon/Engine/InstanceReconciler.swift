import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore

/// Applies the core rules to what one instance answers. Each pass has a file of its own in
/// `Passes/`: the poll (R1, R9-R15), full verification and change tracking (R20-R22, over
/// `VerificationBatch`, activities first, by ids or by whole-table pages), restoration (R30, R31) and the outbox (R8, R8a, R44). Every link
/// change goes through a `LinkLedger` and is reported once its transaction committed.
///
/// Level-triggered: each pass recomputes what the rules demand from the stored state and
/// fresh observations, so a step missed by a crash is simply done by the next pass (N3).
/// Safety (N1): only definitive answers from a healthy instance, confirmed on
/// `confirmations` consecutive passes, break or remove a link; anything else keeps it.
public struct InstanceReconciler: Sendable {
    public let instanceID: String
    let store: StoreActor
    let client: DataverseClient
    let settings: EngineSettings
    let clock: EngineClock
    let events: any DaemonEventSink
    /// R44: how fast this instance's creations may go out.
    let pacer: CreationPacer
    /// Whole-table verification pages decoded and held at once, shared by every instance's
    /// reconciler so that memory stays bounded however many instances read their tables.
    let activityPages: AsyncSemaphore

    public init(
        instanceID: String, store: StoreActor, client: DataverseClient, settings: EngineSettings, clock: EngineClock = .system,
        events: any DaemonEventSink, pacer: CreationPacer, activityPages: AsyncSemaphore = AsyncSemaphore(permits: Self.activityPagesAtOnce)
    ) {
        self.instanceID = instanceID
        self.store = store
        self.client = client
        self.settings = settings
        self.clock = clock
        self.events = events
        self.pacer = pacer
        self.activityPages = activityPages
    }

    /// One page per core of the machines socialsync is sized for (two): a page of 5,000 rows
    /// is about 1.5 MB as received and as much again decoded, so a few megabytes in all.
    public static let activityPagesAtOnce = 2

    /// A write of link changes by the reconciler, reported after the commit.
    func writeChanges<Result: Sendable>(_ body: @Sendable (LinkLedger) throws -> Result) async throws -> Result {
        let time = clock.now()
        let (result, changes) = try await store.write { transaction in
            let ledger = LinkLedger(transaction, actor: .reconciler, at: time)
            return (try body(ledger), ledger.changes)
        }
        for change in changes { events.record(.transition(change)) }
        return result
    }

    /// A write of link changes that the rules may make only while the instance is ready
    /// (verification, restoration): the administrator's fields and the held verdict are read
    /// again inside the transaction, and an instance disabled, deleted or failing since the
    /// pass began gets nothing written (nil); its own poll applies the instance rules.
    func writeChangesWhileReady<Result: Sendable>(_ body: @Sendable (LinkLedger) throws -> Result) async throws -> Result? {
        try await writeChanges { [instanceID] ledger in
            guard try ledger.transaction.instances.get(instanceID)?.isReadyForVerification == true else { return nil }
            return try body(ledger)
        }
    }

    /// Whether the instance is still ready, as stored now: checked before each creation is sent.
    func isStillReady() async throws -> Bool {
        try await store.read { [instanceID] in try $0.instances.get(instanceID)?.isReadyForVerification == true }
    }

    /// A metadata cache for one pass.
    func metadataCache() -> MetadataCache {
        MetadataCache(instanceID: instanceID, store: store, client: client, clock: clock)
    }

    /// Records how long one step took, under its own kind.
    func timed<Result>(_ kind: DaemonEvent.PassKind, _ body: () async throws -> (Result, PassTally)) async throws -> Result {
        let started = clock.now()
        let (result, tally) = try await body()
        events.record(.passFinished(
            instance: instanceID, kind: kind, seconds: clock.now().timeIntervalSince(started), verified: tally.verified, changed: tally.changed,
            undetermined: tally.undetermined, mode: tally.mode))
        return result
    }
}

/// Links looked at and changed by one step, and how many got no definitive answer.
struct PassTally: Sendable {
    var verified = 0
    var changed = 0
    var undetermined = 0
    /// How a verification read the activities (`VerificationModes`); nil for other steps.
    var mode: VerificationMode?

    /// Counts a judged batch: `changed` nil when its write was skipped because the instance
    /// stopped being ready, which leaves the whole batch undetermined.
    mutating func count(_ batch: [Link], changed: Int?, undetermined isUndetermined: (Link) -> Bool) {
        verified += batch.count
        guard let changed else {
            undetermined += batch.count
            return
        }
        self.changed += changed
        undetermined += batch.count(where: isUndetermined)
    }
}
