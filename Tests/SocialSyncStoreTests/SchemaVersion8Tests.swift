import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

@Suite("Schema 8: links a whole-table page showed")
struct SchemaVersion8Tests {
    /// A store of schema 7 keeps its links, none of them shown by any pass yet, so the first
    /// table pass after the upgrade judges every link its pages show, and the rest by id.
    @Test func anUpgradedStoresLinksAreUnsightedUntilAPageShowsThem() throws {
        let fixture = try TestStore(migrations: Array(Migration.all.prefix(7)))
        try Sample.seed(fixture.store, posts: 2)
        try fixture.store.write { tx throws in
            try Sample.link(tx, post: "p1", number: 1)
            try Sample.link(tx, post: "p2", number: 2)
        }
        let upgraded = try Store(path: fixture.path)
        defer { upgraded.close() }
        #expect(try Migrator.userVersion(upgraded.database) == 8)
        let unsighted = { try upgraded.read { try $0.links.unsighted(instanceID: "contoso", states: [.active], pass: 1, afterID: 0, limit: 10) } }
        #expect(try unsighted().count == 2)
        let shown = try upgraded.write { try $0.links.sight(activityIDs: [Sample.activityID(2)], instanceID: "contoso", states: [.active], pass: 1) }
        #expect(shown.map(\.postID) == ["p2"])
        #expect(try unsighted().map(\.postID) == ["p1"])
        #expect(try upgraded.database.queryFirst("PRAGMA integrity_check") { $0.text(0) } == "ok")
    }
}
