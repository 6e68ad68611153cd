import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

@Suite("Rules, outbox and entity metadata")
struct SupportRepositoryTests {
    @Test("rules: insert, activate (keeping the last activation), count routed posts, list, delete")
    func rules() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        try fixture.store.write { tx throws in
            try tx.rules.insert(AutomationRule(id: "r2", instanceID: "contoso", match: "tag:x", activatedAt: Sample.epoch))
            try tx.rules.insert(AutomationRule(id: "r1", instanceID: "contoso", isActive: false, activatedAt: Sample.epoch))
        }
        #expect(throws: StoreError.duplicateRule(id: "r1")) { try fixture.store.write { try $0.rules.insert(AutomationRule(id: "r1", instanceID: "contoso")) } }
        #expect(throws: StoreError.unknownInstance(id: "nope")) { try fixture.store.write { try $0.rules.insert(AutomationRule(id: "r3", instanceID: "nope")) } }
        #expect(try fixture.store.read { try $0.rules.active(targeting: "contoso").map(\.id) } == ["r2"])
        #expect(try fixture.store.read { try $0.rules.get("r1")?.activatedAt } == nil, "an inactive rule has no activation")
        #expect(try fixture.store.read { try $0.rules.active().map(\.id) } == ["r2"])
        let later = Sample.epoch.addingTimeInterval(60)
        try fixture.store.write { tx throws in
            try tx.rules.setActive("r1", true, at: later)
            try tx.rules.addRouted("r1", 3)
            try tx.rules.addRouted("r1", 2)
            try tx.rules.delete("r2")
        }
        #expect(try fixture.store.read { try $0.rules.all() } == [AutomationRule(id: "r1", instanceID: "contoso", isActive: true, activatedAt: later, routed: 5)])
        try fixture.store.write { try $0.rules.setActive("r1", false, at: later) }
        #expect(try fixture.store.read { try $0.rules.get("r1")?.activatedAt } == nil)
        #expect(throws: StoreError.unknownRule(id: "r2")) { try fixture.store.write { try $0.rules.addRouted("r2", 1) } }
        #expect(throws: StoreError.unknownRule(id: "r2")) { try fixture.store.write { try $0.rules.delete("r2") } }
    }

    @Test("outbox: the backlog of an instance counts its waiting creations and dates the oldest")
    func r44_outboxBacklog() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 2)
        #expect(try fixture.store.read { try $0.outbox.backlog(instanceID: "contoso") } == OutboxBacklog(items: 0, oldestQueuedAt: nil))
        let later = Sample.epoch.addingTimeInterval(30)
        try fixture.store.write { tx throws in
            let ids = CreationIDs(contactID: Sample.activityID(11), profileID: Sample.activityID(12), recordID: Sample.activityID(13), activityID: Sample.activityID(14))
            _ = try tx.links.insertPending(postID: "p2", instanceID: "contoso", recordEntity: "incident", ids: ids, actor: .user, at: later)
            let older = CreationIDs(contactID: Sample.activityID(21), profileID: Sample.activityID(22), recordID: Sample.activityID(23), activityID: Sample.activityID(24))
            _ = try tx.links.insertPending(postID: "p1", instanceID: "contoso", recordEntity: "incident", ids: older, actor: .rule("r"), at: Sample.epoch)
        }
        #expect(try fixture.store.read { try $0.outbox.backlog(instanceID: "contoso") } == OutboxBacklog(items: 2, oldestQueuedAt: Sample.epoch))
        #expect(try fixture.store.read { try $0.outbox.backlog(instanceID: "other") }.items == 0)
    }

    @Test("outbox: items come due in time order, per instance, and are rescheduled")
    func outbox() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 2)
        let later = Sample.epoch.addingTimeInterval(120)
        let (first, second) = try fixture.store.write { tx throws in
            (try Sample.link(tx, post: "p1", state: .pending), try Sample.link(tx, post: "p2", number: 2, state: .pending))
        }
        try fixture.store.write { tx throws in
            try tx.outbox.enqueue(second.id, dueAt: Sample.epoch)
            try tx.outbox.enqueue(first.id, dueAt: Sample.epoch.addingTimeInterval(1))
            try tx.outbox.reschedule(second.id, attempts: 1, nextAttemptAt: later, lastError: "HTTP 503")
        }
        try fixture.store.read { tx throws in
            #expect(try tx.outbox.due(at: Sample.epoch.addingTimeInterval(5), limit: 10).map(\.linkID) == [first.id])
            #expect(try tx.outbox.due(at: later, instanceID: "contoso", limit: 10).map(\.linkID) == [first.id, second.id])
            #expect(try tx.outbox.due(at: later, instanceID: "other", limit: 10).isEmpty)
            #expect(try tx.outbox.get(second.id) == OutboxItem(linkID: second.id, attempts: 1, nextAttemptAt: later, lastError: "HTTP 503"))
        }
        try fixture.store.write { try $0.outbox.remove(first.id) }
        #expect(try fixture.store.read { try $0.outbox.count() } == 1)
    }

    @Test("entity metadata is replaced as a whole per instance")
    func entityMetadata() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        let incident = EntityMetadata(logicalName: "incident", entitySetName: "incidents", primaryIdAttribute: "incidentid",
                                      primaryNameAttribute: "title", displayName: "Case", changeTrackingEnabled: true)
        let lead = EntityMetadata(logicalName: "lead", entitySetName: "leads", primaryIdAttribute: "leadid")
        let later = Sample.epoch.addingTimeInterval(60)
        try fixture.store.write { try $0.entityMetadata.replace(instanceID: "contoso", with: [lead, incident], refreshedAt: Sample.epoch) }
        #expect(try fixture.store.read { try $0.entityMetadata.all(instanceID: "contoso") } == [incident, lead])
        try fixture.store.write { try $0.entityMetadata.replace(instanceID: "contoso", with: [incident], refreshedAt: later) }
        try fixture.store.read { tx throws in
            #expect(try tx.entityMetadata.get(instanceID: "contoso", logicalName: "incident") == incident)
            #expect(try tx.entityMetadata.get(instanceID: "contoso", logicalName: "lead") == nil)
            #expect(try tx.entityMetadata.refreshedAt(instanceID: "contoso") == later)
        }
        #expect(throws: StoreError.unknownInstance(id: "nope")) {
            try fixture.store.write { try $0.entityMetadata.replace(instanceID: "nope", with: [lead], refreshedAt: later) }
        }
    }
}
