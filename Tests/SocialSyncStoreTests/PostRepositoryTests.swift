import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

@Suite("Posts")
struct PostRepositoryTests {
    @Test("a post reads back with every field")
    func roundTrip() throws {
        let fixture = try TestStore()
        var post = Sample.post("p1")
        post.authorURL = "https://twitter.com/ann"
        post.sentiment = nil
        try fixture.store.write { try $0.posts.insert([post, Sample.post("p2")]) }
        #expect(try fixture.store.read { try $0.posts.get("p1") } == post)
        #expect(try fixture.store.read { try $0.posts.get("p2") } == Sample.post("p2"))
    }

    @Test("a duplicate id is named, whether already stored or repeated in the batch, and nothing is kept")
    func duplicates() throws {
        let fixture = try TestStore()
        try fixture.store.write { try $0.posts.insert([Sample.post("p1")]) }
        #expect(throws: StoreError.duplicatePost(id: "p1")) {
            try fixture.store.write { try $0.posts.insert([Sample.post("p2"), Sample.post("p1")]) }
        }
        #expect(throws: StoreError.duplicatePost(id: "p3")) {
            try fixture.store.write { try $0.posts.insert([Sample.post("p3"), Sample.post("p4"), Sample.post("p3")]) }
        }
        #expect(try fixture.store.read { try $0.posts.count() } == 1)
    }

    @Test("streaming visits every post in id order, or only the available ones")
    func streaming() throws {
        let fixture = try TestStore()
        let total = 1_234
        try Sample.seed(fixture.store, posts: total)
        try fixture.store.write { tx throws in
            try Sample.link(tx, post: "p1")
            try Sample.link(tx, post: "p2", number: 2, state: .unlinked, reason: .unlinkedByUser)
            try Sample.link(tx, post: "p3", number: 3, state: .pending)
        }
        var ids: [String] = []
        try fixture.store.read { tx in try tx.posts.forEach { ids.append($0.id) } }
        #expect(ids.count == total)
        #expect(ids == ids.sorted())
        var available: Set<String> = []
        try fixture.store.read { tx in try tx.posts.forEach(availableOnly: true) { available.insert($0.id) } }
        #expect(available.count == total - 2)
        #expect(!available.contains("p1") && available.contains("p2") && !available.contains("p3"))
        #expect(try fixture.store.read { try $0.posts.count(availableOnly: true) } == total - 2)
    }
}
