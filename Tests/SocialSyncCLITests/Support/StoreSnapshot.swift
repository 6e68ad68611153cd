import SocialSyncCore
import SocialSyncStore
import TestSupport

/// Every row of a store, read through `SocialSyncStore`: two equal snapshots around a
/// refused command prove it changed nothing, journal and outbox included.
struct StoreSnapshot: Equatable, Sendable {
    var instances: [Instance] = []
    var posts: [Post] = []
    var links: [Link] = []
    var journal: [JournalEntry] = []
    var rules: [AutomationRule] = []
    var outboxCount = 0

    static func read(_ path: String) async throws -> StoreSnapshot {
        try await DedicatedThread.run {
            let store = try Store(path: path)
            defer { store.close() }
            return try store.read { transaction in
                var snapshot = StoreSnapshot()
                snapshot.instances = try transaction.instances.all()
                try transaction.posts.forEach { snapshot.posts.append($0) }
                try transaction.links.forEach { snapshot.links.append($0) }
                try transaction.journal.forEach { snapshot.journal.append($0) }
                snapshot.rules = try transaction.rules.all()
                snapshot.outboxCount = try transaction.outbox.count()
                return snapshot
            }
        }
    }
}
