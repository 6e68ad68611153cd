import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

/// The mailbox between the command line and the running daemon (schema 5).
@Suite("Service requests")
struct ServiceRequestRepositoryTests {
    @Test func waitingRequestsComeInOrderAndKeepTheirFirstOutcome() throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 1)
        let (first, second) = try fixture.store.write { tx throws in
            (try tx.serviceRequests.insert(.instanceRefresh, instanceID: "contoso", at: Sample.epoch),
             try tx.serviceRequests.insert(.creationMetadata, instanceID: "contoso", argument: "lead", at: Sample.epoch))
        }
        #expect(try fixture.store.read { try $0.serviceRequests.waiting(limit: 10).map(\.id) } == [first, second])
        try fixture.store.write { tx throws in
            try tx.serviceRequests.finish(first, result: #"{"entities":[]}"#, at: Sample.epoch)
            try tx.serviceRequests.fail(second, error: "instance is down: 503", exitCode: 69, at: Sample.epoch)
            // A later outcome never replaces the first.
            try tx.serviceRequests.fail(first, error: "late", exitCode: 69, at: Sample.epoch)
        }
        #expect(try fixture.store.read { try $0.serviceRequests.waiting(limit: 10) }.isEmpty)
        let done = try #require(try fixture.store.read { try $0.serviceRequests.get(first) })
        #expect(done.state == .done && done.result == #"{"entities":[]}"# && done.error == nil && done.finishedAt == Sample.epoch)
        let failed = try #require(try fixture.store.read { try $0.serviceRequests.get(second) })
        #expect(failed.state == .failed && failed.argument == "lead" && failed.error == "instance is down: 503" && failed.exitCode == 69)
        try fixture.store.write { try $0.serviceRequests.remove(first) }
        #expect(try fixture.store.read { try $0.serviceRequests.get(first) } == nil)
        #expect(try fixture.store.checkConsistency().isEmpty)
    }
}
