import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

@Suite("Links and their journal")
struct LinkRepositoryTests {
    @Test("the database refuses a second current link for a post")
    func singleCurrentLink() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        let first = try fixture.store.write { try Sample.link($0, post: "p1") }
        #expect(throws: StoreError.postAlreadyLinked(postID: "p1")) {
            try fixture.store.write { try Sample.link($0, post: "p1", number: 2, state: .errored, reason: .instanceDown) }
        }
        // Bypassing the repository does not help: the refusal is the partial unique index's.
        #expect(throws: StoreError.self) {
            try fixture.corrupt(
                "INSERT INTO links (post_id, instance_id, activity_id, record_entity, record_id, state, updated_at) VALUES ('p1', 'contoso', 'x', 'incident', 'y', 'pending', 0)"
            )
        }
        // Once the first link is final, the post can be linked again.
        try fixture.store.write { tx throws in
            try tx.links.applyTransition(first.id, expectedFrom: .active, Transition(to: .unlinked, reason: .unlinkedByUser), actor: .user, at: Sample.epoch)
            try Sample.link(tx, post: "p1", number: 2)
        }
        #expect(try fixture.store.read { try $0.links.current(ofPost: "p1")?.activityID } == Sample.activityID(2))
    }

    @Test("restoring a link while the post has another current one is refused")
    func restoreRefusedWhenRelinked() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        let removed = try fixture.store.write { try Sample.link($0, post: "p1", state: .removed, reason: .instanceDeleted) }
        try fixture.store.write { try Sample.link($0, post: "p1", number: 2) }
        #expect(throws: StoreError.postAlreadyLinked(postID: "p1")) {
            try fixture.store.write { tx throws in
                try tx.links.applyTransition(removed.id, expectedFrom: .removed, Transition(to: .active, reason: .restored), actor: .reconciler, at: Sample.epoch)
            }
        }
        #expect(try fixture.store.read { try $0.links.newestLinkID(ofPost: "p1") } == removed.id + 1)
    }

    @Test("a link and every change of it come with their journal rows")
    func transitionWritesJournal() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        let later = Sample.epoch.addingTimeInterval(60)
        let link = try fixture.store.write { try Sample.link($0, post: "p1") }
        let changed = try fixture.store.write { tx throws in
            try tx.links.applyTransition(link.id, expectedFrom: .active, Transition(to: .errored, reason: .instanceDown), actor: .reconciler, at: later)
        }
        #expect(changed.state == .errored && changed.reason == .instanceDown && changed.updatedAt == later)
        try fixture.store.read { tx throws in
            #expect(try tx.links.get(link.id) == changed)
            #expect(try tx.journal.entries(forLink: link.id) == [
                JournalEntry(id: 1, linkID: link.id, from: nil, to: .active, reason: nil, actor: .admin, at: Sample.epoch),
                JournalEntry(id: 2, linkID: link.id, from: .active, to: .errored, reason: .instanceDown, actor: .reconciler, at: later),
            ])
        }
        #expect(try fixture.store.checkConsistency().isEmpty)
    }

    @Test("a transition rolled back takes its journal row with it")
    func transitionAtomic() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        let link = try fixture.store.write { try Sample.link($0, post: "p1") }
        #expect(throws: Abort.self) {
            try fixture.store.write { tx throws in
                try tx.links.applyTransition(link.id, expectedFrom: .active, Transition(to: .broken, reason: .recordDeleted), actor: .reconciler, at: Sample.epoch)
                throw Abort()
            }
        }
        try fixture.store.read { tx throws in
            #expect(try tx.links.get(link.id)?.state == .active)
            #expect(try tx.journal.entries(forLink: link.id).count == 1)
        }
    }

    @Test("a transition from a state the link is no longer in fails and changes nothing")
    func expectedFromGuard() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        let link = try fixture.store.write { try Sample.link($0, post: "p1", state: .errored, reason: .instanceDisabled) }
        #expect(throws: StoreError.unexpectedLinkState(linkID: link.id, expected: .active, actual: .errored)) {
            try fixture.store.write { tx throws in
                try tx.links.applyTransition(link.id, expectedFrom: .active, Transition(to: .broken, reason: .recordDeleted), actor: .reconciler, at: Sample.epoch)
            }
        }
        #expect(throws: StoreError.unknownLink(id: 99)) {
            try fixture.store.write { tx throws in
                try tx.links.applyTransition(99, expectedFrom: .active, Transition(to: .broken, reason: .recordDeleted), actor: .reconciler, at: Sample.epoch)
            }
        }
        try fixture.store.read { tx throws in
            #expect(try tx.links.get(link.id) == link)
            #expect(try tx.journal.entries(forLink: link.id).count == 1)
        }
    }

    @Test("a link to an unknown post or instance is refused by name")
    func unknownReferences() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        #expect(throws: StoreError.unknownPostOrInstance(postID: "nope", instanceID: "contoso")) {
            try fixture.store.write { try Sample.link($0, post: "nope") }
        }
    }

    @Test("20k links stream page by page in id order, and may change while streamed")
    func streaming() throws {
        let fixture = try TestStore()
        let total = 20_000
        try Sample.seed(fixture.store, posts: total)
        try fixture.store.write { tx throws in
            for number in 1...total {
                try Sample.link(tx, post: "p\(number)", number: number, state: number.isMultiple(of: 4) ? .errored : .active,
                                reason: number.isMultiple(of: 4) ? .instanceDown : nil)
            }
        }
        var visited = 0
        var previous: Int64 = 0
        var ordered = true
        try fixture.store.write { tx throws in
            try tx.links.forEach(LinkFilter(state: .errored, instanceID: "contoso")) { link in
                ordered = ordered && link.id > previous
                previous = link.id
                visited += 1
                try tx.links.applyTransition(link.id, expectedFrom: .errored, Transition(to: .active, reason: nil), actor: .reconciler, at: Sample.epoch)
            }
        }
        #expect(visited == total / 4)
        #expect(ordered)
        #expect(try fixture.store.read { try $0.links.counts() }[.active] == total)
        var all = 0
        try fixture.store.read { tx in try tx.links.forEach { _ in all += 1 } }
        #expect(all == total)
        #expect(try fixture.store.checkConsistency().isEmpty)
    }

    @Test("pages walk the matching links in id order, resuming after the last id")
    func pages() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 5)
        try fixture.store.write { tx throws in
            for number in 1...5 {
                try Sample.link(tx, post: "p\(number)", number: number, state: number == 3 ? .broken : .active,
                                reason: number == 3 ? .recordDeleted : nil)
            }
        }
        let filter = LinkFilter(state: .active, instanceID: "contoso")
        let first = try fixture.store.read { try $0.links.page(filter, afterID: 0, limit: 2) }
        let second = try fixture.store.read { try $0.links.page(filter, afterID: first.last?.id ?? 0, limit: 2) }
        let third = try fixture.store.read { try $0.links.page(filter, afterID: second.last?.id ?? 0, limit: 2) }
        #expect(first.map(\.postID) == ["p1", "p2"])
        #expect(second.map(\.postID) == ["p4", "p5"])
        #expect(third.isEmpty)
    }

    @Test("counts list every state, overall and per instance")
    func counts() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 3)
        try fixture.store.write { tx throws in
            try Sample.link(tx, post: "p1")
            try Sample.link(tx, post: "p2", number: 2)
            try Sample.link(tx, post: "p3", number: 3, state: .broken, reason: .recordDeleted)
        }
        let counts = try fixture.store.read { try $0.links.counts(instanceID: "contoso") }
        #expect(counts == [.pending: 0, .active: 2, .errored: 0, .broken: 1, .unlinked: 0, .removed: 0, .failed: 0])
        #expect(try fixture.store.read { try $0.links.countsByInstance() } == ["contoso": counts])
        #expect(try fixture.store.read { try $0.links.counts(instanceID: "other") }.values.allSatisfy { $0 == 0 })
    }

    @Test("a pending creation keeps its ids and its outbox item until it leaves pending")
    func pendingCreation() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        let ids = CreationIDs(contactID: "CCCCCCCC-0000-0000-0000-000000000004", profileID: "AAAAAAAA-0000-0000-0000-000000000001", recordID: "aaaaaaaa-0000-0000-0000-000000000002",
                              activityID: "aaaaaaaa-0000-0000-0000-000000000003")
        let link = try fixture.store.write { tx throws in
            try tx.links.insertPending(postID: "p1", instanceID: "contoso", recordEntity: "incident", ids: ids, actor: .user, at: Sample.epoch)
        }
        try fixture.store.read { tx throws in
            #expect(try tx.links.creationIDs(link.id) == ids)
            #expect(try tx.outbox.due(at: Sample.epoch, limit: 10) == [OutboxItem(linkID: link.id, attempts: 0, nextAttemptAt: Sample.epoch, lastError: nil)])
        }
        try fixture.store.write { tx throws in
            try tx.links.applyTransition(link.id, expectedFrom: .pending, Transition(to: .active, reason: .created), actor: .reconciler, at: Sample.epoch)
        }
        #expect(try fixture.store.read { try $0.outbox.count() } == 0)
    }

    @Test("suspicion and restore marks are kept, and a transition clears them")
    func bookkeeping() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 2)
        let (link, removed) = try fixture.store.write { tx throws in
            (try Sample.link(tx, post: "p1"), try Sample.link(tx, post: "p2", number: 2, state: .removed, reason: .instanceDeleted))
        }
        try fixture.store.write { tx throws in
            try tx.links.setSuspicion(link.id, Streak(answer: .recordDeleted, count: 1))
            try tx.links.setRestorePending(removed.id, true)
        }
        try fixture.store.read { tx throws in
            #expect(try tx.links.suspicion(link.id) == Streak(answer: .recordDeleted, count: 1))
            var marked: [Int64] = []
            try tx.links.forEach(LinkFilter(instanceID: "contoso", restorePendingOnly: true)) { marked.append($0.id) }
            #expect(marked == [removed.id])
        }
        try fixture.store.write { tx throws in
            try tx.links.applyTransition(link.id, expectedFrom: .active, Transition(to: .errored, reason: .instanceDown), actor: .reconciler, at: Sample.epoch)
            try tx.links.applyTransition(removed.id, expectedFrom: .removed, Transition(to: .active, reason: .restored), actor: .reconciler, at: Sample.epoch)
        }
        try fixture.store.read { tx throws in
            #expect(try tx.links.suspicion(link.id) == nil)
            var marked = 0
            try tx.links.forEach(LinkFilter(restorePendingOnly: true)) { _ in marked += 1 }
            #expect(marked == 0)
        }
    }
}
