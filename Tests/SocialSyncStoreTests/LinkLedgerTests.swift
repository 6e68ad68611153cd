import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

/// The ledger is the one way Sources change a link: it checks the state a rule decided
/// from, writes the journal row with its actor, and remembers the change for reporting.
@Suite("The link ledger")
struct LinkLedgerTests {
    @Test("a change decided from a state the link has left writes nothing and reports nothing")
    func staleDecisionIsLeftToTheNextPass() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        let read = try fixture.store.write { try Sample.link($0, post: "p1") }
        try fixture.store.write { tx throws in
            _ = try LinkLedger(tx, actor: .user, at: Sample.epoch).apply(Transition(to: .unlinked, reason: .unlinkedByUser), to: read)
        }
        let changes = try fixture.store.write { tx throws in
            let ledger = LinkLedger(tx, actor: .reconciler, at: Sample.epoch)
            #expect(try ledger.apply(Transition(to: .broken, reason: .recordDeleted), to: read) == nil)
            return ledger.changes
        }
        #expect(changes.isEmpty)
        let journal = try fixture.store.read { try $0.journal.entries(forLink: read.id) }
        #expect(journal.map(\.actor) == [.admin, .user])
        #expect(try fixture.store.read { try $0.links.get(read.id)?.state } == .unlinked)
    }

    @Test("R13: an imported link to a disabled instance is errored from the start, both changes reported")
    func r13_importedLinkTakesItsInstancesState() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        let (link, changes) = try fixture.store.write { tx throws in
            var instance = try #require(try tx.instances.get("contoso"))
            instance.isEnabled = false
            try tx.instances.update(instance)
            let ledger = LinkLedger(tx, actor: .admin, at: Sample.epoch)
            let link = try ledger.insertActive(postID: "p1", instance: instance, activityID: Sample.activityID(1), record: Sample.record)
            return (link, ledger.changes)
        }
        #expect(link.state == .errored && link.reason == .instanceDisabled)
        #expect(changes == [
            LinkChange(instanceID: "contoso", postID: "p1", from: nil, to: .active, reason: nil, actor: .admin),
            LinkChange(instanceID: "contoso", postID: "p1", from: .active, to: .errored, reason: .instanceDisabled, actor: .admin),
        ])
    }

    @Test("R5: the instance rules read the instance as stored in the transaction; pending creations of a deleted one are cancelled")
    func r5_instanceRulesFollowTheStoredInstance() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 2)
        try fixture.store.write { tx throws in
            try Sample.link(tx, post: "p1")
            try LinkLedger(tx, actor: .user, at: Sample.epoch).insertPending(
                postID: "p2", instanceID: "contoso", recordEntity: "incident",
                ids: CreationIDs(contactID: Sample.activityID(5), profileID: Sample.activityID(4), recordID: Sample.activityID(3), activityID: Sample.activityID(2)))
        }
        let (waiting, changes) = try fixture.store.write { tx throws in
            try tx.instances.markDeleted("contoso", at: Sample.epoch)
            let ledger = LinkLedger(tx, actor: .admin, at: Sample.epoch)
            return (try ledger.applyInstanceRules(instanceID: "contoso"), ledger.changes)
        }
        #expect(!waiting)
        #expect(Set(changes.map(\.postID)) == ["p1", "p2"])
        #expect(changes.allSatisfy { $0.to == .removed && $0.reason == .instanceDeleted && $0.actor == .admin })
        #expect(try fixture.store.read { try $0.outbox.count() } == 0)
    }

    /// Every Sources path that changes a link goes through the ledger: the repository's
    /// writes are called from nowhere else.
    @Test("no source file but the ledger writes a link's state or inserts a link")
    func onlyTheLedgerChangesLinks() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var offenders: [String] = []
        for case let file as URL in enumerator where file.pathExtension == "swift" && !file.path.contains("/SocialSyncStore/") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for call in ["links.applyTransition(", "links.insert(", "links.insertPending("] where text.contains(call) {
                offenders.append("\(file.lastPathComponent): \(call)")
            }
        }
        #expect(offenders == [])
    }
}
