import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

@Suite("Schema 3: failed creations (R8a), the author's contact, table columns and relationships")
struct SchemaVersion3Tests {
    /// A store as version 2 left it: a pending creation with a profile id, and metadata without columns.
    func versionTwoStore() throws -> TestStore {
        let fixture = try TestStore(migrations: Array(Migration.all.prefix(2)))
        try fixture.store.write { transaction in
            try transaction.instances.insert(Sample.instance())
            try transaction.posts.insert([Sample.post("p1")])
        }
        try fixture.corrupt("""
            INSERT INTO links (post_id, instance_id, activity_id, record_entity, record_id, state, created_at, updated_at, profile_id)
            VALUES ('p1', 'contoso', 'aaaaaaaa-0000-0000-0000-000000000003', 'incident', 'aaaaaaaa-0000-0000-0000-000000000002', 'pending', 0, 0,
                    'aaaaaaaa-0000-0000-0000-000000000001');
            INSERT INTO entity_metadata (instance_id, logical_name, entity_set_name, primary_id_attribute, refreshed_at)
            VALUES ('contoso', 'incident', 'incidents', 'incidentid', 0);
            """)
        return fixture
    }

    @Test func r8a_anUpgradedStoreAcceptsFailedLinksAndKeepsEveryPendingCreation() throws {
        let fixture = try versionTwoStore()
        let upgraded = try Store(path: fixture.path)
        defer { upgraded.close() }
        #expect(try Migrator.userVersion(upgraded.database) == Store.schemaVersion)
        let link = try #require(try upgraded.read { try $0.links.current(ofPost: "p1") })
        let ids = try #require(try upgraded.read { try $0.links.creationIDs(link.id) })
        #expect(ids.profileID == "aaaaaaaa-0000-0000-0000-000000000001")
        #expect(GUID.isValid(ids.contactID), "a creation queued before gets a contact id of its own")
        #expect(try upgraded.read { try $0.links.creationIDs(link.id) } == ids, "and keeps it")
        try upgraded.write { transaction in
            try transaction.links.applyTransition(link.id, expectedFrom: .pending, Transition(to: .failed, reason: .creationRejected), actor: .reconciler, at: Sample.epoch)
            try transaction.links.setFailure(link.id, "incident: HTTP 400 refused")
        }
        #expect(try upgraded.read { try $0.links.get(link.id)?.state } == .failed)
        #expect(try upgraded.read { try $0.links.failure(link.id) } == "incident: HTTP 400 refused")
        #expect(try upgraded.read { try $0.journal.entries(forLink: link.id).last?.reason } == .creationRejected)
        #expect(try upgraded.read { try $0.entityMetadata.all(instanceID: "contoso") } == [], "metadata without columns is read again")
        #expect(try upgraded.database.queryFirst("PRAGMA integrity_check") { $0.text(0) } == "ok")
    }

    @Test func r8a_otherStatesAndReasonsAreStillRefused() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        try fixture.store.write { try Sample.link($0, post: "p1", state: .failed, reason: .creationRejected) }
        #expect(throws: StoreError.self) { try fixture.corrupt("UPDATE links SET state = 'exploded'") }
        #expect(throws: StoreError.self) { try fixture.corrupt("UPDATE journal SET to_state = 'exploded'") }
        #expect(throws: StoreError.self) { try fixture.corrupt("UPDATE links SET reason = 'because'") }
    }

    @Test func r4_columnsAndRelationshipsAreStoredWithTheTable() throws {
        let fixture = try TestStore()
        try fixture.store.write { try $0.instances.insert(Sample.instance()) }
        let incident = EntityMetadata(
            logicalName: "incident", entitySetName: "incidents", primaryIdAttribute: "incidentid", primaryNameAttribute: "title",
            attributes: [AttributeMetadata(logicalName: "customerid", attributeType: "Customer", requiredLevel: .systemRequired, isValidForCreate: true)],
            manyToOne: [RelationshipMetadata(schemaName: "incident_customer_contacts", referencedEntity: "contact", referencingAttribute: "customerid", navigationProperty: "customerid_contact", cascadeDelete: "Cascade")])
        try fixture.store.write { try $0.entityMetadata.replace(instanceID: "contoso", with: [incident], refreshedAt: Sample.epoch) }
        #expect(try fixture.store.read { try $0.entityMetadata.get(instanceID: "contoso", logicalName: "incident") } == incident)
    }
}
