import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

@Suite("Consistency checker")
struct ConsistencyTests {
    /// p1: active → errored (journal rows 1, 2); p2: active (row 3).
    private func populated() throws -> TestStore {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 2)
        try fixture.store.write { tx throws in
            let link = try Sample.link(tx, post: "p1")
            try tx.links.applyTransition(link.id, expectedFrom: .active, Transition(to: .errored, reason: .instanceDown), actor: .reconciler, at: Sample.epoch)
            try Sample.link(tx, post: "p2", number: 2)
        }
        return fixture
    }

    @Test("a store written through the API is consistent")
    func clean() throws {
        let fixture = try populated()
        #expect(try fixture.store.checkConsistency() == [])
    }

    @Test("a link changed behind the journal's back is found")
    func stateWithoutJournal() throws {
        let fixture = try populated()
        try fixture.corrupt("UPDATE links SET state = 'broken', reason = 'record_deleted' WHERE id = 2")
        #expect(try fixture.store.checkConsistency() == [
            .journalDisagrees(linkID: 2, state: "broken", reason: "record_deleted", journalState: "active", journalReason: nil),
        ])
    }

    @Test("a hole in a link's journal is found")
    func brokenChain() throws {
        let fixture = try populated()
        try fixture.corrupt("DELETE FROM journal WHERE id = 1")
        #expect(try fixture.store.checkConsistency() == [.brokenChain(journalID: 2, linkID: 1, from: "active", previousTo: nil)])
    }

    @Test("a link without any journal row is found")
    func missingJournal() throws {
        let fixture = try populated()
        try fixture.corrupt("DELETE FROM journal WHERE link_id = 2")
        #expect(try fixture.store.checkConsistency() == [.missingJournal(linkID: 2)])
    }

    @Test("two current links for one post are found when the index is gone")
    func severalCurrent() throws {
        let fixture = try populated()
        try fixture.corrupt("""
            DROP INDEX links_single_current;
            UPDATE links SET post_id = 'p1' WHERE id = 2;
            """)
        #expect(try fixture.store.checkConsistency() == [.severalCurrentLinks(postID: "p1", count: 2)])
    }
}
