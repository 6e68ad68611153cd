import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

/// Whole-table verification's bookkeeping (SchemaVersion8): a page's links, once per pass,
/// and afterwards the links no page showed, all answered by the store.
@Suite("Links a table page showed")
struct ActivitySightingTests {
    @Test func aPageReturnsItsLinksOncePerPassAndTheRestAreUnsighted() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 5)
        try fixture.store.write { tx throws in
            for number in 1...4 { try Sample.link(tx, post: "p\(number)", number: number) }
            try Sample.link(tx, post: "p5", number: 5, state: .errored, reason: .instanceDown)
        }
        let page = [1, 2, 5, 9].map(Sample.activityID)
        let first = try fixture.store.write { try $0.links.sight(activityIDs: page, instanceID: "contoso", states: [.active], pass: 7) }
        #expect(first.map(\.activityID) == [1, 2].map(Sample.activityID), "only links in the states asked for")
        let repeated = try fixture.store.write { try $0.links.sight(activityIDs: page, instanceID: "contoso", states: [.active], pass: 7) }
        #expect(repeated.isEmpty, "a row a later page repeats is not judged twice")
        let unsighted = try fixture.store.read { try $0.links.unsighted(instanceID: "contoso", states: [.active, .errored], pass: 7, afterID: 0, limit: 10) }
        #expect(unsighted.map(\.activityID) == [3, 4, 5].map(Sample.activityID))
        let paged = try fixture.store.read { try $0.links.unsighted(instanceID: "contoso", states: [.active, .errored], pass: 7, afterID: unsighted[0].id, limit: 1) }
        #expect(paged.map(\.activityID) == [Sample.activityID(4)])
        let nextPass = try fixture.store.write { try $0.links.sight(activityIDs: page, instanceID: "contoso", states: [.active, .errored], pass: 8) }
        #expect(nextPass.map(\.activityID) == [1, 2, 5].map(Sample.activityID), "another pass sees them afresh")
        #expect(try fixture.store.write { try $0.links.sight(activityIDs: page, instanceID: "fabrikam", states: [.active], pass: 9) }.isEmpty)
    }
}
