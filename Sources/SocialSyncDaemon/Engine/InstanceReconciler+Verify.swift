import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore

extension InstanceReconciler {
    /// Which links a verification covers.
    public enum VerificationScope: Sendable {
        /// Every active and errored link: the periodic pass.
        case all
        /// Only errored links: R14's recovery right after a healthy poll.
        case errored
    }

    /// The second seed table (R20-R22) over the instance's links, in batches: read a page of
    /// links, ask the instance about their activities and records, then write what the rules
    /// demand in one transaction per batch. Returns (links verified, links changed).
    ///
    /// With change tracking on every table in use, `.all` between full verifications
    /// verifies only the links a change names, the suspected, errored and newer links
    /// (`verifyChanges`); the same rules and confirmations apply to them.
    @discardableResult
    public func verify(_ scope: VerificationScope) async throws -> (verified: Int, changed: Int) {
        let started = settings.now()
        var tally = VerificationTally()
        switch scope {
        case .errored:
            try await verifyLinks(in: [.errored], into: &tally)
        case .all:
            if try await !verifyChanges(at: started, into: &tally) {
                try await verifyEverything(at: started, into: &tally)
            }
        }
        try await restoreReassociated()
        events.record(.passFinished(instance: instanceID, kind: .verify, seconds: settings.now().timeIntervalSince(started), verified: tally.verified, changed: tally.changed,
            undetermined: tally.undetermined, mode: tally.mode))
        return (tally.verified, tally.changed)
    }

    /// Links verified and changed by one pass, and how many got no definitive answer.
    struct VerificationTally {
        var verified = 0
        var changed = 0
        var undetermined = 0
        /// How the activities were read (Verification/InstanceReconciler+VerificationModes).
        var mode = VerificationMode.ids
    }

    /// Every batch of links matching `filter` (with ids above `startingAfter`): observed, then judged.
    func verifyBatches(_ filter: LinkFilter, startingAfter: Int64 = 0, into tally: inout VerificationTally) async throws {
        try await forEachBatch(filter, startingAfter: startingAfter) { batch in
            try await verifyBatch(batch, into: &tally)
        }
    }

    /// A batch whose requests were cancelled is never judged: their failures say nothing
    /// about the links (N1), so the batch ends with `CancellationError` before any write.
    func verifyBatch(_ batch: [Link], into tally: inout VerificationTally) async throws {
        try Task.checkCancellation()
        try await judge(batch, try await observeActivitiesFirst(batch), into: &tally)
    }

    /// Applies the rules to what was observed about `batch`, and counts it.
    func judge(_ batch: [Link], _ observations: Observations, into tally: inout VerificationTally) async throws {
        try Task.checkCancellation()
        tally.changed += try await applyRecordRules(batch, observations)
        tally.verified += batch.count
        tally.undetermined += batch.count { link in
            observations.activities[link.activityID, default: .unknown] == .unknown || observations.records[link.record, default: .unknown] == .unknown
        }
    }

    struct Observations: Sendable {
        var activities: [String: ActivityObservation]
        var records: [RecordReference: RecordObservation]
    }

    /// The record table's metadata, fetched and stored on first need (R4's refresh for
    /// one table). When the instance does not serve it, a standard table's documented names
    /// are used (not stored); nil for another table, which leaves those links unverified.
    func metadata(for entity: String) async throws -> EntityMetadata? {
        if let known = try await store.read({ [instanceID] in try $0.entityMetadata.get(instanceID: instanceID, logicalName: entity) }) {
            return known
        }
        guard let fetched = try? await client.entityDefinitions([entity]), let metadata = fetched.first else {
            return EntityMetadata.documented(entity)
        }
        let now = settings.now()
        try await store.write { [instanceID] in try $0.entityMetadata.merge(instanceID: instanceID, with: [metadata], refreshedAt: now) }
        return metadata
    }

    /// Writes the findings of one batch. A link changed by someone else since it was read
    /// (an unlink from the command line) is left to the next pass.
    func applyRecordRules(_ links: [Link], _ observations: Observations) async throws -> Int {
        let now = settings.now()
        let changes = try await store.write { [settings] transaction in
            var changes: [LinkChange] = []
            // Read under the write lock, like every decision below, in one query per batch.
            let streaks = try transaction.links.suspicions(links.map(\.id))
            for link in links {
                let record = observations.records[link.record] ?? .unknown
                let finding = RecordStatusRules.finding(for: link, activity: observations.activities[link.activityID] ?? .unknown, record: record)
                // R16: the details came with the read; kept for `links show`.
                if case .exists(let details) = record {
                    try transaction.recordDetails.record(linkID: link.id, ObservedRecordDetails(details: details, observedAt: now))
                }
                let streak = streaks[link.id]
                let decision = RecordStatusRules.effect(on: link, finding: finding, streak: streak, confirmations: settings.confirmations)
                if case .transition(let transition) = decision.effect {
                    do {
                        try transaction.links.applyTransition(link.id, expectedFrom: link.state, transition, actor: .reconciler, at: now)
                        changes.append(LinkChange(post: link.postID, from: link.state, transition: transition))
                    } catch StoreError.unexpectedLinkState {
                        continue
                    }
                } else if decision.streak != streak {
                    try transaction.links.setSuspicion(link.id, decision.streak)
                }
            }
            return changes
        }
        report(changes)
        return changes.count
    }

    /// R30/R31 for links waiting since their instance was re-associated.
    func restoreReassociated() async throws {
        try await forEachBatch(LinkFilter(instanceID: instanceID, restorePendingOnly: true)) { batch in
            let activities = await client.observeActivities(batch.map(\.activityID))
            try Task.checkCancellation()
            let now = settings.now()
            let changes = try await store.write { [settings, instanceID] transaction in
                var changes: [LinkChange] = []
                for link in batch {
                    let newest = try transaction.links.newestLinkID(ofPost: link.postID) ?? link.id
                    let linkedSince = try newest != link.id || transaction.links.current(ofPost: link.postID) != nil
                    let streak = try transaction.links.suspicion(link.id)
                    let decision = Reassociation.restoration(
                        of: link, postLinkedSince: linkedSince, activity: activities[link.activityID] ?? .unknown,
                        streak: streak, confirmations: settings.confirmations)
                    if case .transition(let transition) = decision.effect {
                        try transaction.links.applyTransition(link.id, expectedFrom: link.state, transition, actor: .reconciler, at: now)
                        changes.append(LinkChange(post: link.postID, from: link.state, transition: transition))
                    } else if decision.settled {
                        try transaction.links.setRestorePending(link.id, false)
                    } else if decision.streak != streak {
                        try transaction.links.setSuspicion(link.id, decision.streak)
                    }
                }
                // A restored link keeps its old id and missed the deltas while removed: the
                // next pass verifies everything instead of what changed.
                if !changes.isEmpty { try transaction.changeTracking.removeMark(instanceID: instanceID) }
                return changes
            }
            report(changes)
        }
    }
}
