import Foundation
import SocialSyncCore
@testable import SocialSyncStore
import Testing
import TestSupport

/// The crash test's loss check must be able to fail: a journal row seen and then gone is
/// reported.
@Suite("Journal watermark")
struct WatermarkTests {
    @Test func reportsAJournalRowLostAfterItWasSeen() throws {
        let directory = TemporaryDirectory("socialsync-watermark")
        let store = try Store(path: directory.path("s.db"))
        defer { store.close() }
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        try store.write { transaction in
            try transaction.instances.insert(Instance(
                id: "contoso", name: "Contoso", url: URL(string: "https://contoso.crm.dynamics.com")!, tenantID: "t",
                clientID: "c", clientSecretFile: "/etc/socialsync/contoso.secret", connectedOn: now
            ))
            try transaction.posts.insert([Post(id: "p1", url: "https://x/p1", author: "Ann", text: "hi", sentiment: nil, tags: [], source: .other, publishedAt: now)])
            let link = try transaction.links.insert(
                postID: "p1", instanceID: "contoso", activityID: testGUID(1, 1), record: RecordReference(entity: "incident", id: testGUID(2, 1)),
                state: .active, reason: nil, actor: .admin, at: now
            )
            try transaction.links.applyTransition(link.id, expectedFrom: .active, Transition(to: .errored, reason: .instanceDown), actor: .reconciler, at: now)
        }
        var watermark = JournalWatermark()
        try watermark.advance(in: store)
        #expect(watermark.count == 2)
        #expect(try watermark.losses(in: store) == [])

        try store.database.execute("DELETE FROM journal WHERE id = (SELECT max(id) FROM journal)")
        let losses = try watermark.losses(in: store)
        #expect(losses.count == 2, "both the count and the newest row: \(losses)")
    }
}
