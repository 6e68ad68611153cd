import SocialSyncCore
import SocialSyncStore

/// A transition written by the reconciler, remembered until its transaction committed so
/// the event is only reported for changes that are really in the store.
struct LinkChange: Sendable {
    var post: String
    var from: LinkState
    var transition: Transition
}

extension InstanceReconciler {
    func report(_ changes: [LinkChange]) {
        for change in changes {
            events.record(.transition(instance: instanceID, post: change.post, from: change.from, to: change.transition.to, reason: change.transition.reason))
        }
    }

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
}
