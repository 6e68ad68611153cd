import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

@Suite("Schema 5: rules that route (R40-R42) and the journal naming them")
struct SchemaVersion5Tests {
    @Test func r41_anUpgradedStoreKeepsItsRulesCountsActiveOnesAsActivatedAndAcceptsRuleActors() throws {
        let fixture = try TestStore(migrations: Array(Migration.all.prefix(4)))
        try fixture.store.write { transaction in
            try transaction.instances.insert(Sample.instance())
            try transaction.posts.insert([Sample.post("p1")])
        }
        try fixture.corrupt("""
            INSERT INTO rules (id, instance_id, match, record_entity, is_active) VALUES ('on', 'contoso', 'tag:x', 'incident', 1);
            INSERT INTO rules (id, instance_id, match, record_entity, is_active) VALUES ('off', 'contoso', NULL, 'lead', 0);
            """)
        let upgraded = try Store(path: fixture.path)
        defer { upgraded.close() }
        #expect(try Migrator.userVersion(upgraded.database) == Store.schemaVersion)
        let rules = try upgraded.read { try $0.rules.all() }
        #expect(rules.map(\.id) == ["off", "on"])
        #expect(rules.allSatisfy { $0.routed == 0 })
        #expect(rules[0].activatedAt == nil)
        let activated = try #require(rules[1].activatedAt)
        #expect(abs(activated.timeIntervalSinceNow) < 3600, "the upgrade's time: \(activated)")
        let link = try upgraded.write { transaction in
            try transaction.links.insertPending(
                postID: "p1", instanceID: "contoso", recordEntity: "incident",
                ids: CreationIDs(contactID: Sample.activityID(1), profileID: Sample.activityID(2), recordID: Sample.activityID(3), activityID: Sample.activityID(4)),
                actor: .rule("on"), at: Sample.epoch)
        }
        #expect(try upgraded.read { try $0.journal.entries(forLink: link.id).first?.actor } == .rule("on"))
        #expect(throws: StoreError.self) { try fixture.corrupt("UPDATE journal SET actor = 'rule:'") }
        #expect(throws: StoreError.self) { try fixture.corrupt("UPDATE journal SET actor = 'somebody'") }
        #expect(try upgraded.database.queryFirst("PRAGMA integrity_check") { $0.text(0) } == "ok")
    }
}
