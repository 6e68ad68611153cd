import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

/// Every query the repositories run on links, the journal and the outbox, as SQLite plans
/// it: after every repository method has run once, each statement the connection prepared
/// is explained. None walks a whole table except the ones meant to (counts, the
/// consistency checks), and the look-ups a pass makes per link use their index.
@Suite("Query plans of the store's queries")
struct QueryPlanTests {
    /// Runs every repository method that reads or writes links, journal or outbox.
    static func exerciseRepositories(_ store: Store) throws {
        try Sample.seed(store, posts: 3)
        let ids = CreationIDs(contactID: Sample.activityID(7), profileID: Sample.activityID(8), recordID: Sample.activityID(9), activityID: Sample.activityID(10))
        try store.write { transaction in
            let first = try Sample.link(transaction, post: "p1")
            let pending = try transaction.links.insertPending(postID: "p2", instanceID: "contoso", recordEntity: "lead", ids: ids, actor: .user, at: Sample.epoch)
            try transaction.links.applyTransition(first.id, expectedFrom: .active, Transition(to: .removed, reason: .instanceDeleted), actor: .admin, at: Sample.epoch)
            try transaction.links.setSuspicion(pending.id, Streak(answer: .recordDeleted))
            try transaction.links.setRestorePending(first.id, true)
            try transaction.links.setFailure(pending.id, "refused")
            _ = try transaction.links.markRestorable(removedWith: "contoso")
            try transaction.outbox.reschedule(pending.id, attempts: 1, nextAttemptAt: Sample.epoch, lastError: "HTTP 503")
            try transaction.recordDetails.record(linkID: first.id, ObservedRecordDetails(details: RecordDetails(name: "x"), observedAt: Sample.epoch))
        }
        try store.read { transaction in
            _ = try transaction.links.get(1)
            _ = try transaction.links.current(ofPost: "p1")
            _ = try transaction.links.newestLinkID(ofPost: "p1")
            for filter in [
                LinkFilter(), LinkFilter(state: .active), LinkFilter(state: .errored, instanceID: "contoso"), LinkFilter(instanceID: "contoso"),
                LinkFilter(postID: "p1"), LinkFilter(activityID: Sample.activityID(1)), LinkFilter(instanceID: "contoso", restorePendingOnly: true),
                LinkFilter(state: .removed, instanceID: "contoso", reason: .instanceDeleted),
            ] {
                try transaction.links.forEach(filter) { _ in }
            }
            _ = try transaction.links.counts()
            _ = try transaction.links.counts(instanceID: "contoso")
            _ = try transaction.links.countsByInstance()
            _ = try transaction.links.suspicion(2)
            _ = try transaction.links.suspicions([1, 2])
            _ = try transaction.links.creationIDs(2)
            _ = try transaction.links.failure(2)
            _ = try transaction.links.recordEntities(instanceID: "contoso")
            _ = try transaction.links.activeLinksToRecheck(
                instanceID: "contoso", throughID: 10, activityIDs: [Sample.activityID(1)], recordIDs: [Sample.record.id])
            _ = try transaction.links.highestID()
            _ = try transaction.journal.entries(forLink: 1)
            _ = try transaction.journal.highWaterMark()
            try transaction.journal.forEach { _ in }
            try transaction.journal.forEachChange(after: 0) { _ in }
            _ = try transaction.journal.changes(after: 0, limit: 10)
            _ = try transaction.links.unsighted(instanceID: "contoso", states: [.active, .errored], pass: 1, afterID: 0, limit: 10)
            _ = try transaction.recordDetails.linksWithDetails([1, 2])
            _ = try transaction.outbox.get(2)
            _ = try transaction.outbox.due(at: Sample.epoch, limit: 10)
            _ = try transaction.outbox.due(at: Sample.epoch, instanceID: "contoso", limit: 10)
            _ = try transaction.outbox.count()
            _ = try transaction.outbox.backlog(instanceID: "contoso")
            _ = try transaction.posts.count(availableOnly: true)
            try transaction.posts.forEach(availableOnly: true) { _ in }
        }
        try store.write { transaction in
            _ = try transaction.links.sight(activityIDs: [Sample.activityID(1), Sample.activityID(10)], instanceID: "contoso", states: [.active], pass: 1)
            try transaction.outbox.remove(2)
        }
    }

    /// The plan's lines for one statement (`EXPLAIN QUERY PLAN`), parameters unbound.
    static func plan(_ database: Database, _ sql: String) throws -> [String] {
        try database.query("EXPLAIN QUERY PLAN " + sql) { $0.text(3) }
    }

    @Test func noQueryOnLinksOrTheJournalWalksTheWholeTableUnlessItMustAndLookupsUseTheirIndex() throws {
        let fixture = try TestStore()
        // A second connection, opened on an up-to-date file: it prepares no migration's SQL.
        let store = try Store(path: fixture.path)
        defer { store.close() }
        try Self.exerciseRepositories(store)
        let database = store.database
        let statements = database.preparedSQL.filter { $0.contains("links") || $0.contains("journal") || $0.contains("outbox") }
        #expect(statements.count > 30, "\(statements.count) statements")
        // Whole-table by design: counts by state (over an index), and the walk of posts for available ones.
        let wholeTable = ["GROUP BY state", "GROUP BY instance_id, state", "FROM posts WHERE", "SELECT count(*) FROM posts", "SELECT count(*) FROM outbox"]
        for sql in statements where !wholeTable.contains(where: sql.contains) {
            let lines = try Self.plan(database, sql)
            let scans = lines.filter { $0.hasPrefix("SCAN links") || $0.hasPrefix("SCAN journal") || $0 == "SCAN outbox" }
            #expect(scans.isEmpty, "\(sql)\n\(lines.joined(separator: "\n"))")
        }

        func uses(_ index: String, _ fragment: String) throws {
            let sql = try #require(statements.first { $0.contains(fragment) }, "no statement with \(fragment)")
            let lines = try Self.plan(database, sql)
            #expect(lines.contains { $0.contains("INDEX \(index) ") || $0.hasSuffix("INDEX \(index)") }, "\(sql)\n\(lines.joined(separator: "\n"))")
        }
        try uses("links_single_current", "WHERE post_id = ? AND (state")
        try uses("links_ended_by_post", "SELECT max(id) FROM links WHERE id IN")
        try uses("links_by_activity", "WHERE activity_id = ? AND instance_id")
        try uses("links_by_record", "WHERE record_id = ? AND instance_id")
        try uses("links_by_instance_state", "WITH RECURSIVE states")
        try uses("links_by_instance_state", "state = ? AND instance_id = ?")
        try uses("links_by_instance_state", "GROUP BY state")
        try uses("links_suspected", "suspected IS NOT NULL AND id BETWEEN")
        try uses("links_restore_pending", "restore_pending = 1")
        try uses("journal_by_link", "FROM journal WHERE link_id = ?")
    }
}
