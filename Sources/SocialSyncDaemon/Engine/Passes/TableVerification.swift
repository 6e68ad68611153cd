import Dataverse
import SocialSyncCore
import SocialSyncStore

/// Whole-table verification: the social activity table is read page by page and each page is
/// matched against the store's links of those activities (through its activity index), judged
/// and written before the next page is asked for. Nothing the pass holds grows with the links:
/// which links a page showed is stamped on them in the store (SchemaVersion8).
extension InstanceReconciler {
    /// The links in `states` judged from the table's pages; then the links whose activity no
    /// page showed (deleted, hidden from the application user, or beyond a page that could
    /// not be read) are verified by id, which confirms every "missing" with a direct read
    /// before it counts (N1).
    func verifyByTable(_ states: [LinkState], metadata: MetadataCache, into tally: inout PassTally) async throws {
        let pass = Int64.random(in: Int64.min...Int64.max)
        _ = try await client.forEachActivityPage(pages: activityPages) { page in
            try Task.checkCancellation()
            let links = try await store.write { [instanceID, page] transaction in
                try transaction.links.sight(activityIDs: page.map(\.id), instanceID: instanceID, states: states, pass: pass)
            }
            guard !links.isEmpty else { return }
            let wanted = Set(links.map(\.activityID))
            let activities = Dictionary(page.filter { wanted.contains($0.id) }, uniquingKeysWith: { first, _ in first })
            try await judge(links, try await observeRecords(of: links, given: activities, metadata: metadata), into: &tally)
        }
        var after: Int64 = 0
        while true {
            try Task.checkCancellation()
            let batch = try await store.read { [instanceID, settings, after] transaction in
                try transaction.links.unsighted(instanceID: instanceID, states: states, pass: pass, afterID: after, limit: settings.verificationBatchSize)
            }
            guard let last = batch.last else { return }
            after = last.id
            try await verifyBatch(batch, metadata: metadata, into: &tally)
        }
    }
}
