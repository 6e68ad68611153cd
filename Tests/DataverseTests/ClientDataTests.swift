@testable import Dataverse
import TestSupport
import Foundation
import SocialSyncCore
import Testing

@Suite("Batched checks, creates and metadata against d365-sim")
struct ClientDataTests {
    @Test func batchedChecksAcrossPagesAndChunks() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("batches")
            let count = 5200
            let rows: [[String: Any]] = (0..<count).map { index in
                let regarding: Any = index % 100 == 0 ? NSNull() : ["entity": index % 10 == 0 ? "lead" : "incident", "id": testGUID(2, index)]
                return ["id": testGUID(1, index), "regarding": regarding]
            }
            try await sim.insertRows(org, set: "socialactivities", rows)
            let missing = (0..<50).map { testGUID(9, $0) }
            // A page size below the chunk size makes every chunk follow @odata.nextLink.
            let client = try sim.client(org, pageSize: 300)
            let observed = await client.observeActivities((0..<count).map { testGUID(1, $0).uppercased() } + missing)
            #expect(observed.count == count + missing.count)
            #expect(observed[testGUID(1, 1)] == .exists(regarding: RecordReference(entity: "incident", id: testGUID(2, 1))))
            #expect(observed[testGUID(1, 10)] == .exists(regarding: RecordReference(entity: "lead", id: testGUID(2, 10))))
            #expect(observed[testGUID(1, 100)] == .exists(regarding: nil))
            #expect(observed[testGUID(1, count - 1)] == .exists(regarding: RecordReference(entity: "incident", id: testGUID(2, count - 1))))
            #expect(missing.allSatisfy { observed[$0] == .missing })
            #expect((0..<count).allSatisfy { if case .exists = observed[testGUID(1, $0)] { true } else { false } })
            #expect(observed["not-a-guid"] == nil)
            #expect(await client.observeActivities(["not-a-guid"]) == ["not-a-guid": .unknown])
        }
    }

    @Test func recordChecksUseTheMetadataKey() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("records")
            try await sim.insertRows(org, set: "incidents", (0..<20).map { ["id": testGUID(3, $0), "title": "case \($0)"] })
            let client = try sim.client(org)
            let incident = try #require(try await client.entityDefinitions(["incident"]).first)
            let observed = await client.observeRecords(incident, ids: (0..<25).map { testGUID(3, $0) })
            #expect((0..<20).allSatisfy { observed[testGUID(3, $0)] == .exists })
            #expect((20..<25).allSatisfy { observed[testGUID(3, $0)] == .missing })
        }
    }

    /// B3: a filtered read also leaves out rows the caller may not read (PA filter-rows); only
    /// a direct read answering "does not exist" makes an id missing.
    @Test func n1_aRowTheApplicationUserMayNotReadIsUnknownNotMissing() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("hidden")
            try await sim.insertRows(org, set: "incidents", (0..<20).map { ["id": testGUID(3, $0), "title": "case \($0)"] })
            try await sim.insertRows(org, set: "socialactivities", (0..<4).map { ["id": testGUID(1, $0), "regarding": ["entity": "incident", "id": testGUID(3, $0)]] })
            for (set, id) in [("incidents", testGUID(3, 3)), ("incidents", testGUID(3, 4)), ("socialactivities", testGUID(1, 2))] {
                try await sim.admin("PUT", "orgs/hidden/hidden/\(set)/\(id)", expect: 200)
            }
            let client = try sim.client(org)
            let incident = try #require(try await client.entityDefinitions(["incident"]).first)
            let records = await client.observeRecords(incident, ids: (0..<22).map { testGUID(3, $0) })
            #expect(records[testGUID(3, 3)] == .unknown && records[testGUID(3, 4)] == .unknown)
            #expect(records[testGUID(3, 20)] == .missing && records[testGUID(3, 21)] == .missing)
            #expect(records.filter { $0.value == .exists }.count == 18)
            let activities = await client.observeActivities((0..<5).map { testGUID(1, $0) })
            #expect(activities[testGUID(1, 2)] == .unknown)
            #expect(activities[testGUID(1, 4)] == .missing)
            #expect(activities[testGUID(1, 1)] == .exists(regarding: RecordReference(entity: "incident", id: testGUID(3, 1))))
        }
    }

    /// Confirmations go in `$batch` requests of `confirmationsPerBatch`, at most
    /// `maxConfirmationsPerCheck` per check; the ids beyond stay unknown until the next one.
    @Test func n1_confirmationsAreBatchedAndBoundedPerCheck() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("bounded")
            try await sim.insertRows(org, set: "incidents", [["id": testGUID(3, 0), "title": "case"]])
            let client = try sim.client(org, confirmationsPerBatch: 4, maxConfirmationsPerCheck: 10)
            let incident = try #require(try await client.entityDefinitions(["incident"]).first)
            try await sim.resetCounters()
            let observed = await client.observeRecords(incident, ids: (0..<31).map { testGUID(3, $0) })
            #expect(observed.filter { $0.value == .missing }.count == 10)
            #expect(observed.filter { $0.value == .unknown }.count == 20)
            #expect(observed[testGUID(3, 0)] == .exists)
            let counters = try await sim.counters(org)
            #expect((counters["by_method"] as? [String: Int])?["POST"] == 3, "\(counters)")
            #expect(counters["batched_requests"] as? Int == 10)
        }
    }

    @Test("a failed or unreadable page makes the batch unknown, never missing", arguments: ["malformed", "wrong_shape", "http503", "truncated"])
    func failedPagesAreUnknown(kind: String) async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("unknowns")
            try await sim.insertRows(org, set: "socialactivities", [["id": testGUID(1, 0), "regarding": NSNull()]])
            let client = try sim.client(org)
            #expect(await client.probe().verdict == .healthy)
            try await sim.setFault(org, ["kind": kind == "http503" ? "down" : kind])
            let observed = await client.observeActivities([testGUID(1, 0), testGUID(1, 1)])
            #expect(observed == [testGUID(1, 0): .unknown, testGUID(1, 1): .unknown])
        }
    }

    @Test func metadataForKnownAndUnknownTables() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("metadata")
            let client = try sim.client(org)
            let definitions = try await client.entityDefinitions(["incident", "lead", "socialactivity"])
            #expect(definitions.map(\.entitySetName) == ["incidents", "leads", "socialactivities"])
            #expect(definitions[0] == EntityMetadata(
                logicalName: "incident", entitySetName: "incidents", primaryIdAttribute: "incidentid",
                primaryNameAttribute: "title", displayName: "Case", changeTrackingEnabled: true))
            let error = await #expect(throws: DataverseError.self) { try await client.entityDefinitions(["nosuchtable"]) }
            #expect(error?.evidence.status == 404)
            #expect(error?.evidence.errorCode == "0x80060888")
        }
    }

    @Test func createIsIdempotentAcrossALostAnswer() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("creates")
            let client = try sim.client(org)
            let incident = try #require(try await client.entityDefinitions(["incident"]).first)
            let post = Post(
                id: "post-42", url: "https://twitter.com/a/status/42", author: "@alice", text: "My order never arrived",
                sentiment: .negative, tags: ["orders"], source: .twitter, publishedAt: Date(timeIntervalSince1970: 1_700_000_000))
            let ids = CreationIDs(profileID: testGUID(4, 1), recordID: testGUID(5, 1), activityID: testGUID(6, 1))
            let plan = CreationPayload.plan(post: post, record: incident, ids: ids)
            try await sim.resetCounters()
            try await sim.admin("POST", "orgs/\(org.name)/drop_next_response", expect: 200)
            var outcome = await client.create(plan)
            if case .retryLater = outcome { outcome = await client.create(plan) }
            #expect(outcome == .created)
            // Sent once more in full: every step answers 412, which counts as done.
            #expect(await client.create(plan) == .created)
            let counters = try await sim.counters(org)
            #expect(counters["creates"] as? [String: Int] == ["socialprofiles": 1, "incidents": 1, "socialactivities": 1])
            #expect(try #require(counters["duplicate_create_attempts"] as? Int) >= 3)
            let observed = await client.observeActivities([ids.activityID])
            #expect(observed[ids.activityID] == .exists(regarding: plan.record))
        }
    }

    @Test func definitiveRefusalIsRejectedTransientIsRetried() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("refusals")
            let client = try sim.client(org)
            let widget = EntityMetadata(logicalName: "widget", entitySetName: "widgets", primaryIdAttribute: "widgetid", primaryNameAttribute: "name")
            let post = Post(id: "p", url: "https://x.example/p", author: "a", text: "t", sentiment: nil, tags: [], source: .other, publishedAt: Date())
            let plan = CreationPayload.plan(post: post, record: widget, ids: CreationIDs(profileID: testGUID(4, 2), recordID: testGUID(5, 2), activityID: testGUID(6, 2)))
            guard case let .rejected(table, evidence) = await client.create(plan) else { Issue.record("not rejected"); return }
            #expect(table == "widget")
            #expect(evidence.status == 404)
            try await sim.setFault(org, ["kind": "http502"])
            guard case let .retryLater(transient) = await client.create(plan) else { Issue.record("not retried"); return }
            #expect(transient.verdict == .down)
        }
    }
}
