import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore

/// One batch of the second seed table (R20-R22), shared by the full verification and the
/// change-tracking pass: read a page of links, ask the instance about their activities and
/// then the records they do not vouch for (`ActivitiesFirst`), then write what the rules
/// demand in one transaction.
extension InstanceReconciler {
    /// Walks the instance's links matching `filter` with ids above `startingAfter` in
    /// batches, with no transaction open while `body` sends its requests. No batch starts
    /// once the task is cancelled (the daemon stopping): each earlier batch committed its own
    /// transaction, so what is in the store stays valid and the next pass does the rest (N3).
    func forEachBatch(_ filter: LinkFilter, startingAfter: Int64 = 0, _ body: ([Link]) async throws -> Void) async throws {
        var after = startingAfter
        while true {
            try Task.checkCancellation()
            let batch = try await store.read { [settings, after] transaction in
                try transaction.links.page(filter, afterID: after, limit: settings.verificationBatchSize)
            }
            guard let last = batch.last else { return }
            after = last.id
            try await body(batch)
            if batch.count < settings.verificationBatchSize { return }
        }
    }

    /// Every batch of links matching `filter` (with ids above `startingAfter`): observed, then judged.
    func verifyBatches(_ filter: LinkFilter, startingAfter: Int64 = 0, metadata: MetadataCache, into tally: inout PassTally) async throws {
        try await forEachBatch(filter, startingAfter: startingAfter) { batch in
            try await verifyBatch(batch, metadata: metadata, into: &tally)
        }
    }

    /// A batch whose requests were cancelled is never judged: their failures say nothing
    /// about the links (N1), so the batch ends with `CancellationError` before any write.
    func verifyBatch(_ batch: [Link], metadata: MetadataCache, into tally: inout PassTally) async throws {
        try Task.checkCancellation()
        try await judge(batch, try await observeActivitiesFirst(batch, metadata: metadata), into: &tally)
    }

    /// Applies the rules to what was observed about `batch`, and counts it. A batch the
    /// instance stopped being ready for is undetermined as a whole: its observations are
    /// not written, and the pass's mark does not move past it.
    func judge(_ batch: [Link], _ observations: Observations, into tally: inout PassTally) async throws {
        try Task.checkCancellation()
        tally.count(batch, changed: try await applyRecordRules(batch, observations)) { link in
            observations.activities[link.activityID, default: .unknown] == .unknown || observations.records[link.record, default: .unknown] == .unknown
        }
    }

    struct Observations: Sendable {
        var activities: [String: ActivityObservation]
        var records: [RecordReference: RecordObservation]
    }

    /// Writes the findings of one batch; a link changed by someone else since it was read
    /// (an unlink from the command line) is left to the next pass by the ledger. nil when
    /// the instance is no longer ready (disabled or deleted during the pass).
    func applyRecordRules(_ links: [Link], _ observations: Observations) async throws -> Int? {
        try await writeChangesWhileReady { [settings] ledger in
            let transaction = ledger.transaction
            // Read under the write lock, like every decision below, in one query per batch.
            let streaks = try transaction.links.suspicions(links.map(\.id))
            var changed = 0
            for link in links {
                let record = observations.records[link.record] ?? .unknown
                let finding = RecordStatusRules.finding(for: link, activity: observations.activities[link.activityID] ?? .unknown, record: record)
                // R16: the details came with the read; kept for `links show`.
                if case .exists(let details) = record {
                    try transaction.recordDetails.record(linkID: link.id, ObservedRecordDetails(details: details, observedAt: ledger.time))
                }
                let streak = streaks[link.id]
                let decision = RecordStatusRules.effect(on: link, finding: finding, streak: streak, confirmations: settings.confirmations)
                if case .transition(let transition) = decision.effect {
                    if try ledger.apply(transition, to: link) != nil { changed += 1 }
                } else if decision.streak != streak {
                    try transaction.links.setSuspicion(link.id, decision.streak)
                }
            }
            return changed
        }
    }
}
