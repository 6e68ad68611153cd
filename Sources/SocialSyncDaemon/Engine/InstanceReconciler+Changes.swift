import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore

/// Dataverse change tracking (dataverse.md "Change tracking"): a full verification starts a
/// delta chain per table; later passes read only the delta and verify the links it names,
/// plus the links whose suspicion needs another confirmation, the errored links and the
/// links added since. A full verification still runs every `fullVerificationIntervalSeconds`,
/// and whenever a table lacks change tracking, a token expires or a delta cannot be read.
extension InstanceReconciler {
    /// A table read by verification, and whether it is the social activities.
    struct TrackedTable: Sendable {
        var entitySet: String
        var key: String
        var isActivities: Bool

        /// The social activity table's logical name (dataverse.md "Tables").
        static let activityEntity = "socialactivity"
    }

    /// Social activities and every record table the instance's links use; nil when one of
    /// them has no change tracking or unknown metadata, which keeps every pass a full one.
    func trackedTables() async throws -> [TrackedTable]? {
        let activity = TrackedTable.activityEntity
        let records = try await store.read { [instanceID] in try $0.links.recordEntities(instanceID: instanceID) }
        var tables: [TrackedTable] = []
        for entity in [activity] + records.sorted() {
            guard let metadata = try await metadata(for: entity), metadata.changeTrackingEnabled else { return nil }
            tables.append(TrackedTable(entitySet: metadata.entitySetName, key: metadata.primaryIdAttribute, isActivities: entity == activity))
        }
        return tables
    }

    /// A full verification. Delta chains are started first (one request per 5000 rows of a
    /// table without one), so any change after that point is in the next delta and any
    /// change before it is seen by this pass. The mark only moves when every link got a
    /// definitive answer: an outage never lets a later pass skip what it did not see (N1).
    func verifyEverything(at started: Date, into tally: inout VerificationTally) async throws {
        var deltaLinks = try await store.read { [instanceID] in try $0.changeTracking.deltaLinks(instanceID: instanceID) }
        for table in try await trackedTables() ?? [] where deltaLinks[table.entitySet] == nil {
            if case let .changed(_, deltaLink) = await client.startTracking(set: table.entitySet, key: table.key) {
                deltaLinks[table.entitySet] = deltaLink
            }
        }
        let highestID = try await store.read { try $0.links.highestID() }
        try await verifyLinks(in: [.active, .errored], into: &tally)
        guard tally.undetermined == 0 else { return }
        try await store.write { [instanceID, deltaLinks] transaction in
            for (entitySet, link) in deltaLinks {
                try transaction.changeTracking.setDeltaLink(instanceID: instanceID, entitySet: entitySet, link)
            }
            try transaction.changeTracking.setMark(instanceID: instanceID, VerificationMark(fullPassAt: started, verifiedThroughLinkID: highestID))
        }
    }

    /// An incremental pass; false (nothing verified) when a full one must run instead.
    /// The next delta links and the mark are stored only when every link verified got a
    /// definitive answer; otherwise the next pass reads the same changes again.
    func verifyChanges(at started: Date, into tally: inout VerificationTally) async throws -> Bool {
        guard let mark = try await store.read({ [instanceID] in try $0.changeTracking.mark(instanceID: instanceID) }),
              started.timeIntervalSince(mark.fullPassAt) < settings.fullVerificationIntervalSeconds,
              let tables = try await trackedTables()
        else { return false }
        let known = try await store.read { [instanceID] in try $0.changeTracking.deltaLinks(instanceID: instanceID) }
        var changedActivities = Set<String>()
        var changedRecords = Set<String>()
        var next: [String: String] = [:]
        for table in tables {
            guard let link = known[table.entitySet] else { return false }
            let changes = await client.changes(since: link, key: table.key)
            try Task.checkCancellation()
            switch changes {
            case let .changed(ids, deltaLink):
                if table.isActivities { changedActivities.formUnion(ids) } else { changedRecords.formUnion(ids) }
                next[table.entitySet] = deltaLink
            case .restart:
                try await store.write { [instanceID] in try $0.changeTracking.removeDeltaLinks(instanceID: instanceID) }
                return false
            case .unavailable:
                return false
            }
        }
        let highestID = try await store.read { try $0.links.highestID() }
        // Three disjoint sets, so no link is judged twice in one pass (which would count
        // one observation as two confirmations): older active links named by a change or
        // suspected, errored links, and active links newer than the mark.
        let rechecked = try await store.read { [instanceID, changedActivities, changedRecords] transaction in
            try transaction.links.activeLinksToRecheck(
                instanceID: instanceID, throughID: mark.verifiedThroughLinkID, activityIDs: changedActivities, recordIDs: changedRecords)
        }
        for start in stride(from: 0, to: rechecked.count, by: settings.verificationBatchSize) {
            try await verifyBatch(Array(rechecked[start..<min(start + settings.verificationBatchSize, rechecked.count)]), into: &tally)
        }
        try await verifyBatches(LinkFilter(state: .errored, instanceID: instanceID), into: &tally)
        try await verifyBatches(LinkFilter(state: .active, instanceID: instanceID), startingAfter: mark.verifiedThroughLinkID, into: &tally)
        guard tally.undetermined == 0 else { return true }
        try await store.write { [instanceID, next] transaction in
            for (entitySet, link) in next {
                try transaction.changeTracking.setDeltaLink(instanceID: instanceID, entitySet: entitySet, link)
            }
            try transaction.changeTracking.setMark(
                instanceID: instanceID, VerificationMark(fullPassAt: mark.fullPassAt, verifiedThroughLinkID: highestID))
        }
        return true
    }
}
