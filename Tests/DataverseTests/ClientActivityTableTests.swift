@testable import Dataverse
import Foundation
import SocialSyncCore
import Synchronization
import Testing
import TestSupport

/// The whole-table read of the social activities and the table size that chooses it.
@Suite("Activity table pages and record counts against d365-sim")
struct ClientActivityTableTests {
    private static func seed(_ sim: SimulatorProcess, _ org: SimulatorProcess.Organization, count: Int) async throws {
        try await sim.insertRows(org, set: "socialactivities", (0..<count).map { index in
            let regarding: Any = index % 10 == 0 ? NSNull() : ["entity": index % 3 == 0 ? "lead" : "incident", "id": testGUID(2, index)]
            return ["id": testGUID(1, index), "regarding": regarding]
        })
    }

    @Test func everyPageIsHandedOnWithEachRowsRegardingTable() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("pages")
            try await Self.seed(sim, org, count: 25)
            let client = try sim.client(org, pageSize: 10)
            var sizes: [Int] = []
            var seen: [String: ActivityObservation] = [:]
            let complete = await client.forEachActivityPage(pages: AsyncSemaphore(permits: 1)) { page in
                sizes.append(page.count)
                for row in page { seen[row.id] = row.observation }
            }
            #expect(complete)
            #expect(sizes == [10, 10, 5])
            #expect(seen[testGUID(1, 1)] == .exists(regarding: RecordReference(entity: "incident", id: testGUID(2, 1))))
            #expect(seen[testGUID(1, 3)] == .exists(regarding: RecordReference(entity: "lead", id: testGUID(2, 3))))
            #expect(seen[testGUID(1, 10)] == .exists(regarding: nil))
            #expect(seen.count == 25)
        }
    }

    /// Memory bounded by design: instances reading their tables at once hold no more pages
    /// between them than the shared semaphore allows, each until its body has finished.
    @Test func pagesAcrossClientsAreBoundedByTheSharedSemaphore() async throws {
        try await SimulatorProcess.run { sim in
            var clients: [DataverseClient] = []
            for name in ["first", "second", "third"] {
                let org = try await sim.createOrganization(name)
                try await Self.seed(sim, org, count: 30)
                clients.append(try sim.client(org, pageSize: 5))
            }
            let shared = AsyncSemaphore(permits: 2)
            let held = PagesHeld()
            let readers = clients
            let complete = await withTaskGroup(of: Bool.self) { group in
                for client in readers {
                    group.addTask {
                        await client.forEachActivityPage(pages: shared) { _ in
                            held.state.withLock { $0.now += 1; $0.most = max($0.most, $0.now); $0.pages += 1 }
                            try? await Task.sleep(for: .milliseconds(20))
                            held.state.withLock { $0.now -= 1 }
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(complete == [true, true, true])
            #expect(held.state.withLock { $0.pages } == 18)
            #expect(held.state.withLock { $0.most } <= 2)
        }
    }

    /// N1: a page that fails or cannot be read ends the read; it is reported as incomplete,
    /// never as rows that are not there.
    @Test(arguments: ["http500", "throttle", "malformed"])
    func n1_aFailedPageEndsTheReadAsIncomplete(fault: String) async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("failing")
            try await Self.seed(sim, org, count: 25)
            let client = try sim.client(org, pageSize: 10)
            _ = await client.observeActivities([testGUID(1, 0)])  // the token, before the fault
            var pages = 0
            try await sim.setFault(org, ["kind": fault, "count": 1])
            let complete = await client.forEachActivityPage(pages: AsyncSemaphore(permits: 1)) { _ in pages += 1 }
            #expect(!complete)
            #expect(pages == 0)
        }
    }

    @Test func theTableSizeComesFromRetrieveTotalRecordCount() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("sizes")
            try await Self.seed(sim, org, count: 42)
            let client = try sim.client(org)
            #expect(await client.totalRecordCount("socialactivity") == 42)
            #expect(await client.totalRecordCount("incident") == 0)
            #expect(await client.totalRecordCount("nosuchtable") == nil)
            #expect(await client.totalRecordCount("not a name") == nil)
            try await sim.setFault(org, ["kind": "http500"])
            #expect(await client.totalRecordCount("socialactivity") == nil)
        }
    }

    @Test func anAnswerOfAnotherShapeGivesNoCount() {
        #expect(DataverseClient.count(of: "socialactivity", in: ["EntityRecordCountCollection": ["Keys": ["socialactivity"], "Values": [7]]]) == 7)
        #expect(DataverseClient.count(of: "socialactivity", in: ["EntityRecordCountCollection": ["Keys": ["incident"], "Values": [7]]]) == nil)
        #expect(DataverseClient.count(of: "socialactivity", in: ["EntityRecordCountCollection": ["Keys": ["socialactivity"], "Values": []]]) == nil)
        #expect(DataverseClient.count(of: "socialactivity", in: ["Values": [7]]) == nil)
    }
}

/// Pages being handled at once, the most at any moment, and how many in all.
private final class PagesHeld: Sendable {
    let state = Mutex((now: 0, most: 0, pages: 0))
}
