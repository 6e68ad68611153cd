import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

@Suite("Record details (R16)")
struct RecordDetailsRepositoryTests {
    @Test func r16_aReadsDetailsAreKeptPerLinkAndReplacedByTheNextRead() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        let link = try fixture.store.write { try Sample.link($0, post: "p1", state: .active) }
        #expect(try fixture.store.read { try $0.recordDetails.get(linkID: link.id) } == nil)
        let first = ObservedRecordDetails(
            details: RecordDetails(name: "Printer on fire", state: "Active", status: "In Progress", modifiedOn: "2026-12-01T10:00:00Z"),
            observedAt: Sample.epoch)
        try fixture.store.write { try $0.recordDetails.record(linkID: link.id, first) }
        #expect(try fixture.store.read { try $0.recordDetails.get(linkID: link.id) } == first)
        let second = ObservedRecordDetails(details: RecordDetails(name: "Printer on fire", state: "Resolved"), observedAt: Sample.epoch.addingTimeInterval(60))
        try fixture.store.write { try $0.recordDetails.record(linkID: link.id, second) }
        #expect(try fixture.store.read { try $0.recordDetails.get(linkID: link.id) } == second)
    }
}
