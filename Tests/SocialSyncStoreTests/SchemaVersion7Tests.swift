import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

@Suite("Schema 7: a smaller store, every row kept")
struct SchemaVersion7Tests {
    static let linkColumns = "id, post_id, instance_id, activity_id, record_entity, record_id, state, reason, updated_at, profile_id, restore_pending, suspected, suspected_count, contact_id, failure"
    static let journalColumns = "id, link_id, from_state, to_state, reason, actor, at"
    static let outboxColumns = "link_id, attempts, next_attempt_at, last_error"
    static let detailsColumns = "link_id, name, state, status, modified_on, observed_at"
    static let postColumns = "id, url, author, author_url, text, sentiment, tags, source, published_at"

    /// A store as version 6 left it, written in SQL as that version wrote it: canonical,
    /// upper-case and non-GUID ids, a post linked again after its link ended, a pending
    /// creation in the outbox, a failure, a suspicion, a restore-pending mark, record
    /// details, and an AUTOINCREMENT mark above the highest link id.
    func versionSixStore() throws -> TestStore {
        let fixture = try TestStore(migrations: Array(Migration.all.prefix(6)))
        try fixture.store.write { transaction in
            try transaction.instances.insert(Sample.instance())
            try transaction.posts.insert((1...4).map { Sample.post("p\($0)") })
        }
        try fixture.corrupt("""
            INSERT INTO links (id, post_id, instance_id, activity_id, record_entity, record_id, state, reason, created_at, updated_at,
                               profile_id, restore_pending, suspected, suspected_count, contact_id, failure) VALUES
                (1, 'p1', 'contoso', 'ac000000-0000-4000-8000-000000000001', 'incident', '1c000000-0000-4000-8000-000000000001',
                 'active', NULL, 10, 11, NULL, 0, 'record_deleted', 1, NULL, NULL),
                (2, 'p2', 'contoso', 'ac000000-0000-4000-8000-000000000002', 'lead', '1e000000-0000-4000-8000-000000000002',
                 'pending', NULL, 20, 20, 'b0000000-0000-4000-8000-000000000002', 0, NULL, 0, 'c0000000-0000-4000-8000-000000000002', NULL),
                (3, 'p3', 'contoso', 'AC000000-0000-4000-8000-000000000003', 'incident', 'not-a-guid',
                 'removed', 'instance_deleted', 30, 31, NULL, 1, NULL, 0, NULL, NULL),
                (4, 'p3', 'contoso', 'ac000000-0000-4000-8000-000000000004', 'incident', '1c000000-0000-4000-8000-000000000004',
                 'active', NULL, 40, 40, NULL, 0, NULL, 0, NULL, NULL),
                (5, 'p4', 'contoso', 'ac000000-0000-4000-8000-000000000005', 'lead', '1e000000-0000-4000-8000-000000000005',
                 'failed', 'creation_rejected', 50, 51, 'b0000000-0000-4000-8000-000000000005', 0, NULL, 0, 'c0000000-0000-4000-8000-000000000005',
                 'lead: HTTP 400 refused');
            INSERT INTO journal (link_id, from_state, to_state, reason, actor, at) VALUES
                (1, NULL, 'active', NULL, 'admin', 10), (2, NULL, 'pending', NULL, 'rule:complaints', 20),
                (3, NULL, 'active', NULL, 'admin', 30), (3, 'active', 'removed', 'instance_deleted', 'admin', 31),
                (4, NULL, 'active', NULL, 'admin', 40), (5, NULL, 'pending', NULL, 'user', 50),
                (5, 'pending', 'failed', 'creation_rejected', 'reconciler', 51), (1, 'active', 'active', NULL, 'reconciler', 11);
            INSERT INTO outbox (link_id, attempts, next_attempt_at, last_error) VALUES (2, 3, 25, 'HTTP 503');
            INSERT INTO record_details (link_id, name, state, status, modified_on, observed_at)
                VALUES (1, 'Printer on fire', 'Active', 'In Progress', '2026-11-30T10:00:00Z', 12);
            UPDATE sqlite_sequence SET seq = 9 WHERE name = 'links';
            """)
        return fixture
    }

    /// Every row of `table`, each value as SQLite's `quote()` shows it; ids stored as BLOBs
    /// are shown as the text they stand for, so a row reads the same before and after.
    static func rows(_ database: Database, _ table: String, _ columns: String) throws -> [[String]] {
        let names = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let quoted = names.map { name in
            ["activity_id", "record_id", "profile_id", "contact_id"].contains(name) && table == "links"
                ? "CASE typeof(\(name)) WHEN 'blob' THEN quote(lower(substr(hex(\(name)), 1, 8) || '-' || substr(hex(\(name)), 9, 4) || '-' || substr(hex(\(name)), 13, 4) || '-' || substr(hex(\(name)), 17, 4) || '-' || substr(hex(\(name)), 21))) ELSE quote(\(name)) END"
                : "quote(\(name))"
        }
        return try database.query("SELECT \(quoted.joined(separator: ", ")) FROM \(table) ORDER BY rowid") { row in
            (0..<Int32(names.count)).map { row.text($0) }
        }
    }

    @Test func anUpgradedVersionSixStoreKeepsEveryLinkJournalRowOutboxItemDetailsRowAndPost() throws {
        let fixture = try versionSixStore()
        let tables = [("links", Self.linkColumns), ("journal", Self.journalColumns),
                      ("outbox", Self.outboxColumns), ("record_details", Self.detailsColumns), ("posts", Self.postColumns)]
        let before = try tables.map { try Self.rows(fixture.store.database, $0.0, $0.1) }
        fixture.store.close()

        let upgraded = try Store(path: fixture.path)
        defer { upgraded.close() }
        #expect(try Migrator.userVersion(upgraded.database) == Migration.latestVersion)
        let after = try tables.map { try Self.rows(upgraded.database, $0.0, $0.1) }
        for (index, table) in tables.enumerated() {
            #expect(after[index] == before[index], "\(table.0)")
        }
        #expect(before[0].count == 5 && before[1].count == 8)

        let types = try upgraded.database.query("SELECT typeof(activity_id), typeof(record_id) FROM links ORDER BY id") { [$0.text(0), $0.text(1)] }
        #expect(types == [["blob", "blob"], ["blob", "blob"], ["text", "text"], ["blob", "blob"], ["blob", "blob"]],
                "canonical GUIDs as 16 bytes, upper-case and other ids as they were")
        #expect(try upgraded.database.queryFirst("SELECT length(activity_id) FROM links WHERE id = 1") { $0.int(0) } == 16)

        try upgraded.read { transaction in
            let link = try #require(try transaction.links.get(3))
            #expect(link.activityID == "ac000000-0000-4000-8000-000000000003", "kept as text, lower-cased by the model as before")
            #expect(link.record == RecordReference(entity: "incident", id: "not-a-guid"))
            #expect(try transaction.links.current(ofPost: "p3")?.id == 4)
            #expect(try transaction.links.newestLinkID(ofPost: "p3") == 4)
            var ofPost: [Int64] = []
            try transaction.links.forEach(LinkFilter(postID: "p3")) { ofPost.append($0.id) }
            #expect(ofPost == [3, 4])
            #expect(try transaction.links.creationIDs(2) == CreationIDs(
                contactID: "c0000000-0000-4000-8000-000000000002", profileID: "b0000000-0000-4000-8000-000000000002",
                recordID: "1e000000-0000-4000-8000-000000000002", activityID: "ac000000-0000-4000-8000-000000000002"))
            #expect(try transaction.links.failure(5) == "lead: HTTP 400 refused")
            #expect(try transaction.links.suspicion(1) == Streak(answer: .recordDeleted, count: 1))
            #expect(try transaction.links.recordEntities(instanceID: "contoso") == ["incident", "lead"])
            let backlog = try transaction.outbox.backlog(instanceID: "contoso")
            #expect(backlog.items == 1)
            #expect(backlog.oldestQueuedAt == Date(timeIntervalSinceReferenceDate: 20), "the pending link's first journal row")
            let found = try transaction.links.activeLinksToRecheck(
                instanceID: "contoso", throughID: 10, activityIDs: ["ac000000-0000-4000-8000-000000000004"],
                recordIDs: ["1c000000-0000-4000-8000-000000000001"])
            #expect(found.map(\.id) == [1, 4])
        }
        let next = try upgraded.write { transaction in
            try transaction.links.insert(
                postID: "p1", instanceID: "contoso", activityID: Sample.activityID(6), record: Sample.record,
                state: .broken, reason: .recordDeleted, actor: .admin, at: Sample.epoch)
        }
        #expect(next.id == 10, "link ids keep growing from the old AUTOINCREMENT mark")
        #expect(try upgraded.checkConsistency() == [])
        #expect(try upgraded.database.queryFirst("PRAGMA foreign_keys") { $0.int(0) } == 1, "foreign keys are on again")
        #expect(try upgraded.database.queryFirst("PRAGMA freelist_count") { $0.int(0) } == 0, "the old table's pages went back to the file system")
    }

    @Test func aMigrationThatWouldOrphanRowsIsRolledBackNamingTheTable() throws {
        let fixture = try versionSixStore()
        try fixture.corrupt("PRAGMA foreign_keys = OFF; INSERT INTO journal (link_id, to_state, actor, at) VALUES (99, 'active', 'admin', 0); PRAGMA foreign_keys = ON")
        fixture.store.close()
        #expect(throws: StoreError.migrationBrokeReferences(path: fixture.path, version: 7, table: "journal")) {
            _ = try Store(path: fixture.path)
        }
        let untouched = try Store(path: fixture.path, migrations: Array(Migration.all.prefix(6)))
        defer { untouched.close() }
        #expect(try Migrator.userVersion(untouched.database) == 6)
        #expect(try untouched.database.queryFirst("SELECT count(*) FROM links") { $0.int(0) } == 5)
    }

    @Test(arguments: [
        "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "0123abcd-4567-89ef-0123-456789abcdef",
    ])
    func aCanonicalGUIDIsStoredAsItsSixteenBytesAndReadsBack(_ id: String) throws {
        let bytes = try #require(StoredGUID.bytes(canonical: id))
        #expect(bytes.count == 16)
        #expect(bytes.withUnsafeBytes { StoredGUID.text($0) } == id)
    }

    @Test(arguments: [
        "", "not-a-guid", "0123abcd-4567-89ef-0123-456789abcdef0", "0123abcd-4567-89ef-0123-456789abcde",
        "0123abcd_4567-89ef-0123-456789abcdef", "0123abcd-4567-89ef-0123-456789abcdeg", "{0123abcd-4567-89ef-0123-456789abcdef}",
        "0123abcd-4567-89ef-0123-456789abcd\u{FF10}",
    ])
    func anyOtherIDIsStoredAsTextAndReadsBackExactly(_ id: String) throws {
        #expect(StoredGUID.bytes(canonical: id) == nil)
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        let link = try fixture.store.write { transaction in
            try transaction.links.insert(postID: "p1", instanceID: "contoso", activityID: id, record: RecordReference(entity: "incident", id: id),
                                         state: .active, reason: nil, actor: .admin, at: Sample.epoch)
        }
        let read = try #require(try fixture.store.read { try $0.links.get(link.id) })
        #expect(read.activityID == id && read.record.id == id)
        #expect(try fixture.store.database.queryFirst("SELECT typeof(activity_id) FROM links") { $0.text(0) } == "text")
    }

    @Test func anUpperCaseGUIDIsLowerCasedByTheModelAndStoredAsItsBytes() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        let id = "0123ABCD-4567-89EF-0123-456789ABCDEF"
        let link = try fixture.store.write { transaction in
            try transaction.links.insert(postID: "p1", instanceID: "contoso", activityID: id, record: RecordReference(entity: "incident", id: id),
                                         state: .active, reason: nil, actor: .admin, at: Sample.epoch)
        }
        #expect(try fixture.store.read { try $0.links.get(link.id)?.activityID } == id.lowercased())
        var found: [Int64] = []
        try fixture.store.read { try $0.links.forEach(LinkFilter(activityID: id)) { found.append($0.id) } }
        #expect(found == [link.id])
        #expect(try fixture.store.database.queryFirst("SELECT typeof(activity_id), typeof(record_id) FROM links") { [$0.text(0), $0.text(1)] } == ["blob", "blob"])
    }
}
