import Foundation
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore
import Testing
import TestSupport

/// The reconciler against a real `d365-sim` process: both seed tables, flap control, N1.
@Suite(.serialized) struct EngineRulesTests {
    @Test func r21_recordDeletedBreaksLinkOnlyAfterConfirmation() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await harness.passes(1)
            #expect(try await harness.verdict() == .healthy)
            #expect(try await harness.state(of: "p1") == "active")
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(1))", expect: 200)
            try await harness.passes(1)
            #expect(try await harness.state(of: "p1") == "active")
            try await harness.passes(1)
            #expect(try await harness.state(of: "p1") == "broken(record_deleted)")
            #expect(try await harness.state(of: "p2") == "active")
        }
    }

    /// B3: a row moved out of the application user's reach (security role, business unit) is
    /// left out of filtered reads and refused directly (403); its link never breaks (N1).
    @Test func n1_aRecordOrActivityHiddenFromTheApplicationUserNeverBreaksItsLink() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await harness.passes(1)
            try await simulator.admin("PUT", "orgs/contoso/hidden/incidents/\(EngineHarness.incident(1))", expect: 200)
            try await simulator.admin("PUT", "orgs/contoso/hidden/socialactivities/\(EngineHarness.activity(2))", expect: 200)
            try await harness.passes(6)
            #expect(Set(try await harness.states().values) == ["active"])
            try await simulator.admin("DELETE", "orgs/contoso/hidden/incidents/\(EngineHarness.incident(1))", expect: 200)
            try await simulator.admin("DELETE", "orgs/contoso/hidden/socialactivities/\(EngineHarness.activity(2))", expect: 200)
            try await harness.passes(2)
            #expect(Set(try await harness.states().values) == ["active"])
        }
    }

    @Test func r21_r22_deletedRowsStillBreakBesideHiddenOnes() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await simulator.admin("PUT", "orgs/contoso/hidden/incidents/\(EngineHarness.incident(1))", expect: 200)
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(2))", expect: 200)
            try await simulator.admin("DELETE", "orgs/contoso/rows/socialactivities/\(EngineHarness.activity(3))", expect: 200)
            try await harness.passes(2)
            #expect(try await harness.state(of: "p1") == "active")
            #expect(try await harness.state(of: "p2") == "broken(record_deleted)")
            #expect(try await harness.state(of: "p3") == "broken(activity_deleted)")
            #expect(try await harness.state(of: "p4") == "active")
        }
    }

    /// The cost of confirming: with 1% of 1000 links' records gone (their activities with
    /// them: Incident_SocialActivities cascades on delete), a full pass sends one `$batch` of
    /// ten direct reads per table on top of its batched reads, nothing per link. The record
    /// table is read only for the ten links whose activities vanished: one batched read.
    /// (Reads count per table, `$batch` parts included; metadata reads are not table reads.)
    /// Reading the whole table, the ten links no page showed cost one read by id besides.
    @Test(arguments: [VerificationModeSetting.ids, .table])
    func n1_confirmingOnePercentMissingCostsOneBatchRequestPerTable(mode: VerificationModeSetting) async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 1000, verificationMode: mode)
            try await simulator.admin("PUT", "orgs/contoso/change_tracking", ["enabled": false], expect: 200)
            try await harness.passes(1)
            try await simulator.resetCounters()
            try await harness.passes(1)
            let baseline = try #require(try await simulator.counters(harness.organization)["reads"] as? [String: Int])
            #expect(baseline["incidents"] == nil, "no record is read while its activity vouches for it")
            let activityReads = try #require(baseline["socialactivities"])
            for index in stride(from: 0, to: 1000, by: 100) {
                try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(index))", expect: 200)
            }
            try await simulator.resetCounters()
            try await harness.passes(1)
            let counters = try await simulator.counters(harness.organization)
            #expect(counters["reads"] as? [String: Int] == ["socialactivities": activityReads + (mode == .table ? 1 : 0) + 10, "incidents": 1 + 10], "\(counters)")
            #expect((counters["by_method"] as? [String: Int])?["POST"] == 2)
            #expect(counters["batched_requests"] as? Int == 20)
            try await harness.passes(1)
            #expect(try await harness.states().values.filter { $0 == "broken(record_deleted)" }.count == 10)
        }
    }

    @Test func r20_recordDissociatedBreaksLink() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await simulator.admin("POST", "orgs/contoso/rows/socialactivities/\(EngineHarness.activity(2))/dissociate", expect: 200)
            try await harness.passes(2)
            #expect(try await harness.state(of: "p2") == "broken(record_dissociated)")
            #expect(try await harness.state(of: "p3") == "active")
        }
    }

    @Test func r22_activityDeletedWhileRecordExistsBreaksLink() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await simulator.admin("DELETE", "orgs/contoso/rows/socialactivities/\(EngineHarness.activity(3))", expect: 200)
            try await harness.passes(2)
            #expect(try await harness.state(of: "p3") == "broken(activity_deleted)")
        }
    }

    @Test func r11_r14_downtimeErrorsLinksAndRecoveryVerifiesThemBack() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await harness.passes(1)
            try await simulator.setFault(harness.organization, ["kind": "maintenance"])
            try await harness.passes(1)
            #expect(try await harness.state(of: "p0") == "active", "one answer is not enough (flap control)")
            try await harness.passes(1)
            #expect(try await harness.verdict() == .down)
            #expect(Set(try await harness.states().values) == ["errored(instance_down)"])
            try await simulator.clearFault(harness.organization)
            try await harness.passes(1)
            #expect(Set(try await harness.states().values) == ["active"])
        }
    }

    @Test func r12_expiredOrganizationErrorsLinks() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await simulator.setFault(harness.organization, ["kind": "expired"])
            try await harness.passes(2)
            #expect(try await harness.verdict() == .expired)
            #expect(Set(try await harness.states().values) == ["errored(instance_expired)"])
        }
    }

    @Test func unauthorizedCredentialsErrorLinks() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await simulator.setFault(harness.organization, ["kind": "revoke"])
            try await harness.passes(2)
            #expect(try await harness.verdict() == .unauthorized)
            #expect(Set(try await harness.states().values) == ["errored(instance_unauthorized)"])
        }
    }

    /// N1: whatever the fault, nothing is broken or removed, even with a record really
    /// deleted meanwhile: only a healthy instance's definitive answer may break a link.
    @Test(arguments: ["down", "http500", "http502", "http504", "maintenance", "throttle", "malformed", "wrong_shape", "truncated", "reset", "refuse"])
    func n1_faultsNeverBreakOrRemoveLinks(fault: String) async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 3)
            try await harness.passes(1)
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(0))", expect: 200)
            try await simulator.setFault(harness.organization, ["kind": fault, "retry_after": 1])
            try await harness.passes(3)
            let states = try await harness.states()
            #expect(states.values.allSatisfy { !$0.hasPrefix("broken") && !$0.hasPrefix("removed") }, "\(fault): \(states)")
        }
    }

    /// N1 seen from the operator's side: a verification that gets no definitive answer
    /// changes nothing, even about a record really deleted, and the pass says how many links
    /// it could not settle (`undetermined`: a warning log line and a gauge).
    @Test func n1_verificationWithoutAnswersKeepsLinksAndCountsThemUndetermined() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 4)
            try await harness.passes(1)
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(0))", expect: 200)
            try await simulator.setFault(harness.organization, ["kind": "http500"])
            let reconciler = try await harness.reconciler()
            for _ in 0..<3 { try await reconciler.verify(.all) }
            #expect(Set(try await harness.states().values) == ["active"])
            try await simulator.clearFault(harness.organization)
            for _ in 0..<2 { try await reconciler.verify(.all) }
            #expect(try await harness.state(of: "p0") == "broken(record_deleted)")

            let verifications = harness.events.all.compactMap { event -> [Int]? in
                guard case let .passFinished(_, .verify, _, verified, _, undetermined, _) = event else { return nil }
                return [verified, undetermined]
            }
            #expect(verifications.prefix(4) == [[4, 0], [4, 4], [4, 4], [4, 4]])
            // Afterwards change tracking may narrow a pass to the suspected link; all are settled.
            #expect(verifications.count == 6 && verifications.suffix(2).allSatisfy { $0[0] >= 1 && $0[1] == 0 }, "\(verifications)")
        }
    }

    /// The running engine ends the loop of an instance deleted meanwhile and says so once
    /// (`instance.retired`, which drops its metric series); stopping the engine retires no one.
    @Test func r10_aDeletedInstancesLoopEndsAndIsReportedRetired() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 1)
            let isRetirement: (DaemonEvent) -> Bool = { if case .instanceRetired = $0 { true } else { false } }
            // Started and stopped with the instance in place: nothing retired.
            let stopped = try await harness.startEngine()
            stopped.cancel()
            await stopped.value
            #expect(!harness.events.all.contains(where: isRetirement))

            let running = try await harness.startEngine()
            try await harness.store.write { try $0.instances.markDeleted(EngineHarness.instanceID, at: EngineHarness.epoch) }
            var retired: [DaemonEvent] = []
            for _ in 0..<100 where retired.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                retired = harness.events.all.filter(isRetirement)
            }
            running.cancel()
            await running.value
            #expect(retired == [.instanceRetired(instance: EngineHarness.instanceID)])
            #expect(harness.events.all.filter(isRetirement).count == 1)
        }
    }

    /// R1: an instance answering as another organization is marked, reported, and its
    /// links are neither verified nor changed until it answers as itself again.
    @Test func r1_organizationMismatchIsMarkedAndStopsVerification() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 2)
            try await harness.passes(1)
            let learned = try await harness.store.read { try $0.instances.get(EngineHarness.instanceID)?.organizationID }
            #expect(learned == harness.organization.organizationID.lowercased())
            let impostor = testGUID(0x0f, 1)
            try await harness.store.write { transaction in
                var instance = try #require(try transaction.instances.get(EngineHarness.instanceID))
                instance.organizationID = impostor
                try transaction.instances.update(instance)
            }
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(0))", expect: 200)
            try await harness.passes(3)
            let marked = try await harness.store.read { try $0.instances.get(EngineHarness.instanceID) }
            #expect(marked?.organizationMismatch == true)
            #expect(marked?.organizationID == impostor, "the learned id is kept")
            #expect(try await harness.state(of: "p0") == "active", "no verification against another organization")
            #expect(harness.events.all.contains(.organizationMismatch(instance: EngineHarness.instanceID, known: impostor, observed: harness.organization.organizationID.lowercased())))
        }
    }

    @Test func r8_pendingCreationIsSentOnceAndConfirmed() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 2)
            let ids = CreationIDs(contactID: testGUID(0x9c, 1), profileID: testGUID(0x9f, 1), recordID: testGUID(0x1c, 99), activityID: testGUID(0xac, 99))
            try await harness.store.write { transaction in
                try transaction.posts.insert([Post(id: "new", url: "https://example.test/new", author: "ann", text: "help", sentiment: .negative, tags: ["a"], source: .twitter, publishedAt: EngineHarness.epoch)])
                try transaction.links.insertPending(postID: "new", instanceID: EngineHarness.instanceID, recordEntity: "incident", ids: ids, actor: .user, at: EngineHarness.epoch)
            }
            try await harness.passes(2)
            #expect(try await harness.state(of: "new") == "active(created)")
            let counters = try await simulator.counters(harness.organization)
            let creates = counters["creates"] as? [String: Int] ?? [:]
            #expect(creates["socialactivities"] == 1)
            #expect(creates["incidents"] == 1)
            #expect(creates["socialprofiles"] == 1)
            #expect(creates["contacts"] == 1)
            #expect(try await harness.store.read { try $0.outbox.count() } == 0)
        }
    }

    @Test func r8_creationWaitsWhileTheInstanceIsDown() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 1)
            try await harness.passes(1)
            try await simulator.setFault(harness.organization, ["kind": "down"])
            let ids = CreationIDs(contactID: testGUID(0x9c, 2), profileID: testGUID(0x9f, 2), recordID: testGUID(0x1c, 98), activityID: testGUID(0xac, 98))
            try await harness.store.write { transaction in
                try transaction.posts.insert([Post(id: "new", url: "u", author: "a", text: "t", sentiment: nil, tags: [], source: .other, publishedAt: EngineHarness.epoch)])
                try transaction.links.insertPending(postID: "new", instanceID: EngineHarness.instanceID, recordEntity: "incident", ids: ids, actor: .user, at: EngineHarness.epoch)
            }
            try await harness.passes(2)
            #expect(try await harness.state(of: "new") == "pending")
            #expect(try await harness.store.read { try $0.outbox.count() } == 1, "the creation still waits in the outbox")
            #expect((try await simulator.counters(harness.organization)["creates"] as? [String: Int] ?? [:]).isEmpty, "nothing was sent to a down instance")

            try await simulator.clearFault(harness.organization)
            // The backoff after the failed attempts has run out.
            try await harness.store.write { transaction in
                let linkID = try #require(try transaction.links.newestLinkID(ofPost: "new"))
                let item = try #require(try transaction.outbox.get(linkID))
                #expect(item.attempts >= 1 && item.lastError != nil, "the attempt while down was counted and its cause kept")
                try transaction.outbox.reschedule(linkID, attempts: item.attempts, nextAttemptAt: .distantPast, lastError: item.lastError)
            }
            try await harness.passes(2)
            #expect(try await harness.state(of: "new") == "active(created)", "the creation goes out once the instance is back")
            let creates = try await simulator.counters(harness.organization)["creates"] as? [String: Int] ?? [:]
            #expect(creates == ["contacts": 1, "socialprofiles": 1, "incidents": 1, "socialactivities": 1])
            #expect(try await harness.store.read { try $0.outbox.count() } == 0)
        }
    }

    @Test func r8a_aCreationTheInstanceRefusesEndsAsFailedKeepingItsMessage() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 1)
            try await simulator.admin(
                "PUT", "orgs/contoso/refuse_creates/incidents",
                ["status": 400, "code": "0x80040265", "message": "A plug-in refused the case."], expect: 200)
            let ids = CreationIDs(contactID: testGUID(0x9c, 3), profileID: testGUID(0x9f, 3), recordID: testGUID(0x1c, 97), activityID: testGUID(0xac, 97))
            try await harness.store.write { transaction in
                try transaction.posts.insert([Post(id: "new", url: "https://example.test/new", author: "ann", text: "help", sentiment: .negative, tags: [], source: .twitter, publishedAt: EngineHarness.epoch)])
                try transaction.links.insertPending(postID: "new", instanceID: EngineHarness.instanceID, recordEntity: "incident", ids: ids, actor: .user, at: EngineHarness.epoch)
            }
            try await harness.passes(1)
            #expect(try await harness.state(of: "new") == "failed(creation_rejected)")
            let failure = try await harness.store.read { transaction in
                try transaction.links.failure(try #require(try transaction.links.newestLinkID(ofPost: "new")))
            }
            #expect(failure?.contains("A plug-in refused the case.") == true, "\(String(describing: failure))")
            #expect(try await harness.store.read { try $0.links.current(ofPost: "new") } == nil, "the post is available again")
            #expect(try await harness.store.read { try $0.outbox.count() } == 0, "nothing is retried by itself")
            #expect(harness.events.all.contains { if case .outboxRejected(_, "new", "incident", _) = $0 { true } else { false } })
            let requests = try await simulator.counters(harness.organization)
            try await harness.passes(2)
            #expect(try await simulator.counters(harness.organization)["creates"] as? [String: Int] == requests["creates"] as? [String: Int])
        }
    }

    @Test func n4_eventsCarryNoPostTextOrAuthor() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 2)
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(0))", expect: 200)
            try await harness.passes(2)
            let rendered = harness.events.all.map { String(describing: $0) }.joined(separator: "\n")
            #expect(rendered.contains("record_deleted") || rendered.contains("recordDeleted"))
            #expect(!rendered.contains("author 0"))
            #expect(!rendered.contains("text 0"))
            #expect(!rendered.contains(harness.organization.secret))
            let requests = harness.events.all.filter { if case .request(instance: "contoso", status: 200, _) = $0 { true } else { false } }
            #expect(requests.count >= 3, "WhoAmI, organizations and the batched reads are reported")
            let tokens = harness.events.all.filter { $0 == .tokenRefreshed(instance: "contoso") }
            #expect(tokens.count == 1, "one token serves both passes")
        }
    }
}
