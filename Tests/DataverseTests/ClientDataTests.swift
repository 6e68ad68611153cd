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
            #expect((0..<20).allSatisfy { observed[testGUID(3, $0)]?.isExisting == true })
            #expect((20..<25).allSatisfy { observed[testGUID(3, $0)] == .missing })
        }
    }

    /// R16: the verification read brings the record's primary name, its state and status
    /// labels and `modifiedon`, in the same single request.
    @Test func r16_recordDetailsComeWithTheVerificationRead() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("details")
            try await sim.insertRows(org, set: "incidents", (0..<20).map { ["id": testGUID(3, $0), "title": "Printer on fire \($0)"] })
            let client = try sim.client(org)
            let incident = try #require(try await client.entityDefinitions(["incident"]).first)
            try await sim.resetCounters()
            let observed = await client.observeRecords(incident, ids: (0..<20).map { testGUID(3, $0) })
            #expect(try await sim.counters(org)["requests"] as? Int == 1, "details cost no request of their own")
            guard case .exists(let details)? = observed[testGUID(3, 7)] else {
                Issue.record("not read: \(String(describing: observed[testGUID(3, 7)]))")
                return
            }
            #expect(details.name == "Printer on fire 7")
            #expect(details.state == "Active" && details.status == "In Progress", "\(details)")
            #expect(details.modifiedOn.flatMap(Timestamp.parse) != nil, "\(details)")
        }
    }

    /// R16: a table whose metadata lists none of the detail columns is still verified; the
    /// read selects only what the table has.
    @Test func r16_aTableWithoutDetailColumnsIsStillVerified() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("plain")
            try await sim.insertRows(org, set: "incidents", [["id": testGUID(3, 0), "title": "case"]])
            let client = try sim.client(org)
            var incident = try #require(try await client.entityDefinitions(["incident"]).first)
            incident.attributes = incident.attributes?.filter { !["title", "statecode", "statuscode", "modifiedon"].contains($0.logicalName) }
            let observed = await client.observeRecords(incident, ids: [testGUID(3, 0), testGUID(3, 1)])
            #expect(observed[testGUID(3, 0)] == .exists(.unread))
            #expect(observed[testGUID(3, 1)] == .missing)
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
            #expect(records.filter { $0.value.isExisting }.count == 18)
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
            #expect(observed[testGUID(3, 0)]?.isExisting == true)
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
            #expect(definitions[0].primaryIdAttribute == "incidentid")
            #expect(definitions[0].primaryNameAttribute == "title")
            #expect(definitions[0].displayName == "Case")
            let error = await #expect(throws: DataverseError.self) { try await client.entityDefinitions(["nosuchtable"]) }
            #expect(error?.evidence.status == 404)
            #expect(error?.evidence.errorCode == "0x80060888")
        }
    }

    /// The tables a creation writes, read from the instance as the product reads them.
    func creationPlan(_ client: DataverseClient, record: String = "incident", post: Post, ids: CreationIDs) async throws -> CreationPlan {
        let known = try await client.entityDefinitions(CreationTables.fixedTables + [record])
        let tables = try CreationTables.assemble(record: record, from: known).get()
        return try CreationPlanner.plan(post: post, tables: tables, ids: ids)
    }

    func post(_ id: String, author: String = "@alice") -> Post {
        Post(
            id: id, url: "https://twitter.com/a/status/\(id)", author: author, text: "My order never arrived",
            sentiment: .negative, tags: ["orders"], source: .twitter, publishedAt: Date(timeIntervalSince1970: 1_700_000_000))
    }

    func ids(_ index: Int) -> CreationIDs {
        CreationIDs(contactID: testGUID(7, index), profileID: testGUID(4, index), recordID: testGUID(5, index), activityID: testGUID(6, index))
    }

    @Test func r8_metadataNamesTheRegardingNavigationPropertyAndTheRequiredCustomer() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("bindings")
            let client = try sim.client(org)
            let activities = try #require(try await client.entityDefinitions(["socialactivity"]).first)
            #expect(activities.relationship("regardingobjectid", to: "incident")?.navigationProperty == "regardingobjectid_incident_socialactivity")
            #expect(activities.relationship("regardingobjectid", to: "lead")?.navigationProperty == "regardingobjectid_lead_socialactivity")
            #expect(activities.attribute("activityadditionalparams")?.maxLength == 8192)
            let incident = try #require(try await client.entityDefinitions(["incident"]).first)
            #expect(incident.attribute("customerid")?.requiredLevel == .systemRequired)
            let lead = try #require(try await client.entityDefinitions(["lead"]).first)
            #expect(lead.attribute("fullname")?.isValidForCreate == false)
        }
    }

    @Test func r8_createIsIdempotentAcrossALostAnswerAndMakesContactProfileRecordActivity() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("creates")
            let client = try sim.client(org)
            let plan = try await creationPlan(client, post: post("post-42"), ids: ids(1))
            try await sim.resetCounters()
            try await sim.admin("POST", "orgs/\(org.name)/drop_next_response", expect: 200)
            var outcome = await client.create(plan)
            if case .retryLater = outcome { outcome = await client.create(plan) }
            #expect(outcome == .created)
            // Sent once more in full: the lookup finds the profile, record and activity answer 412 and are read back.
            #expect(await client.create(plan) == .created)
            let counters = try await sim.counters(org)
            #expect(counters["creates"] as? [String: Int] == ["contacts": 1, "socialprofiles": 1, "incidents": 1, "socialactivities": 1])
            let observed = await client.observeActivities([plan.activityID])
            #expect(observed[plan.activityID] == .exists(regarding: plan.record))
        }
    }

    @Test func r8_aSecondPostOfTheSameAuthorReusesTheirProfileAndContact() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("authors")
            let client = try sim.client(org)
            #expect(await client.create(try await creationPlan(client, post: post("first", author: "O'Brien"), ids: ids(2))) == .created)
            try await sim.resetCounters()
            #expect(await client.create(try await creationPlan(client, post: post("second", author: "O'Brien"), ids: ids(3))) == .created)
            #expect(try await sim.counters(org)["creates"] as? [String: Int] == ["incidents": 1, "socialactivities": 1])
        }
    }

    @Test func r8_a412FromAnAlternateKeyIsARefusalNotACreation() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("keys")
            let client = try sim.client(org)
            #expect(await client.create(try await creationPlan(client, post: post("same"), ids: ids(4))) == .created)
            try await sim.admin("PUT", "orgs/\(org.name)/alternate_keys/socialactivities", ["columns": ["postid"]], expect: 200)
            // Another creation for a post with the same id: the activity's key collides and nothing is created.
            let plan = try await creationPlan(client, post: post("same"), ids: ids(5))
            guard case let .rejected(table, evidence) = await client.create(plan) else { Issue.record("a 412 without the row was taken as created"); return }
            #expect(table == "socialactivity")
            #expect(evidence.status == 412)
            #expect(await client.observeActivities([plan.activityID])[plan.activityID] != .exists(regarding: plan.record))
        }
    }

    @Test func r8a_definitiveRefusalIsRejectedTransientIsRetried() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("refusals")
            let client = try sim.client(org)
            let plan = try await creationPlan(client, post: post("p"), ids: ids(6))
            try await sim.admin("PUT", "orgs/\(org.name)/refuse_creates/incidents", ["status": 400, "code": "0x80040265", "message": "A plug-in refused the case."], expect: 200)
            guard case let .rejected(table, evidence) = await client.create(plan) else { Issue.record("not rejected"); return }
            #expect(table == "incident")
            #expect(evidence.status == 400)
            #expect(evidence.detail.contains("A plug-in refused the case."))
            try await sim.setFault(org, ["kind": "http502"])
            guard case let .retryLater(transient) = await client.create(plan) else { Issue.record("not retried"); return }
            #expect(transient.verdict == .down)
        }
    }
}

extension RecordObservation {
    var isExisting: Bool {
        if case .exists = self { true } else { false }
    }
}
