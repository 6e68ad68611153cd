import Foundation
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore
import Testing
import TestSupport

/// The cached link counts are never stale: every change, from this connection or from
/// another process's (the command line), is in the next count.
@Suite struct LinkCountCacheTests {
    @Test func countsFollowEveryChangeWhoeverMadeIt() async throws {
        let directory = TemporaryDirectory("counts")
        let path = directory.path("store.db")
        let store = try StoreActor(path: path)
        let epoch = Date(timeIntervalSince1970: 1_700_000_000)
        let ids = try await store.write { transaction in
            try transaction.instances.insert(Instance(
                id: "contoso", name: "Contoso", url: URL(string: "https://contoso.crm.dynamics.com")!, tenantID: "t", clientID: "c",
                clientSecretFile: "/dev/null", tokenURL: URL(string: "https://login.microsoftonline.com/t/oauth2/v2.0/token")!, connectedOn: epoch))
            try transaction.posts.insert((0..<3).map {
                Post(id: "p\($0)", url: "https://example.test/\($0)", author: "a", text: "t", sentiment: .neutral, tags: [], source: .twitter, publishedAt: epoch)
            })
            return try (0..<2).map { index in
                try transaction.links.insert(
                    postID: "p\(index)", instanceID: "contoso", activityID: testGUID(0xac, index),
                    record: RecordReference(entity: "incident", id: testGUID(0x1c, index)), state: .active, reason: nil, actor: .admin, at: epoch).id
            }
        }
        let cache = LinkCountCache()
        #expect(try await store.read { try cache.counts($0) }[.active] == 2)
        #expect(try await store.read { try cache.counts($0) }[.active] == 2)

        // A change through this connection.
        _ = try await store.write { try $0.links.applyTransition(ids[0], expectedFrom: .active, Transition(to: .errored, reason: .instanceDown), actor: .reconciler, at: epoch) }
        let afterOwnChange = try await store.read { try cache.counts($0) }
        #expect(afterOwnChange[.active] == 1 && afterOwnChange[.errored] == 1)

        // A change through another connection, as `socialsync links unlink` would make it.
        try await DedicatedThread.run {
            let other = try Store(path: path)
            try other.write { transaction in
                _ = try transaction.links.applyTransition(ids[1], expectedFrom: .active, Transition(to: .unlinked, reason: .unlinkedByUser), actor: .admin, at: epoch)
            }
            other.close()
        }
        let afterOtherChange = try await store.read { try cache.counts($0) }
        #expect(afterOtherChange[.active] == 0 && afterOtherChange[.errored] == 1 && afterOtherChange[.unlinked] == 1)

        // A new link counts too.
        try await store.write { transaction in
            _ = try transaction.links.insert(
                postID: "p2", instanceID: "contoso", activityID: testGUID(0xac, 2),
                record: RecordReference(entity: "incident", id: testGUID(0x1c, 2)), state: .active, reason: nil, actor: .admin, at: epoch)
        }
        #expect(try await store.read { try cache.counts($0) }[.active] == 1)
        await store.close()
    }
}
