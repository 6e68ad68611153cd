import Foundation
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore
import Testing
import TestSupport

/// Change tracking against a real `d365-sim`: incremental passes read deltas instead of every
/// link, and still apply R20-R22 with their confirmations; every way out of change tracking
/// (expired token, tables without it, links added since the last pass) still verifies.
@Suite(.serialized) struct ChangeTrackingTests {
    @Test func incrementalPassReadsOnlyDeltasAndStillNeedsConfirmations() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 40)
            try await harness.passes(1)
            let links = try await harness.deltaLinks()
            #expect(Set(links.keys) == ["socialactivities", "incidents"])

            try await simulator.resetCounters()
            try await harness.passes(1)
            // The health probe (WhoAmI, the organization's language) and one delta read per
            // table: no link was asked about.
            let counters = try await simulator.counters(harness.organization)
            #expect(counters["requests"] as? Int == 4, "\(counters)")

            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(1))", expect: 200)
            try await simulator.admin("POST", "orgs/contoso/rows/socialactivities/\(EngineHarness.activity(2))/dissociate", expect: 200)
            try await harness.passes(1)
            #expect(try await harness.state(of: "p1") == "active")
            #expect(try await harness.state(of: "p2") == "active")
            // The suspected links are asked about again although no delta names them now.
            try await harness.passes(1)
            #expect(try await harness.state(of: "p1") == "broken(record_deleted)")
            #expect(try await harness.state(of: "p2") == "broken(record_dissociated)")
            #expect(try await harness.state(of: "p3") == "active")
            #expect(try await harness.deltaLinks() != links)
        }
    }

    /// A `$deletedEntity` row only names an id to verify: the deletion is confirmed by a direct
    /// read before anything breaks, as on a full pass. The case's activity goes with it
    /// (Incident_SocialActivities cascades on delete), so both tables confirm.
    @Test func r21_aDeletionNamedByChangeTrackingIsConfirmedByADirectRead() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 40)
            try await harness.passes(1)
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(5))", expect: 200)
            try await simulator.resetCounters()
            try await harness.passes(1)
            let counters = try await simulator.counters(harness.organization)
            #expect((counters["by_method"] as? [String: Int])?["POST"] == 2, "\(counters)")
            #expect(counters["batched_requests"] as? Int == 2)
            try await harness.passes(1)
            #expect(try await harness.state(of: "p5") == "broken(record_deleted)")
        }
    }

    /// A hidden row makes tracked reads fail (organization-level read is required): passes
    /// fall back to full verification and the hidden row's link stays (N1).
    @Test func n1_aHiddenRowStopsChangeTrackingButBreaksNothing() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await harness.passes(1)
            try await simulator.admin("PUT", "orgs/contoso/hidden/socialactivities/\(EngineHarness.activity(1))", expect: 200)
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(2))", expect: 200)
            try await harness.passes(4)
            #expect(try await harness.state(of: "p1") == "active")
            #expect(try await harness.state(of: "p2") == "broken(record_deleted)")
        }
    }

    @Test func expiredTokenFallsBackToFullVerification() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await harness.passes(1)
            let links = try await harness.deltaLinks()
            try await simulator.admin("POST", "orgs/contoso/expire_delta_tokens", expect: 200)
            try await simulator.admin("DELETE", "orgs/contoso/rows/socialactivities/\(EngineHarness.activity(3))", expect: 200)
            try await harness.passes(2)
            #expect(try await harness.state(of: "p3") == "broken(activity_deleted)")
            let renewed = try await harness.deltaLinks()
            #expect(Set(renewed.keys) == Set(links.keys))
            #expect(renewed != links)
        }
    }

    /// B4: "An empty JSON response is returned if no table changes have occurred" (PA change
    /// tracking page); whichever form it takes, a quiet table keeps the incremental path.
    @Test(arguments: ["empty_value", "empty_object", "empty_body"])
    func r20_aQuietTableKeepsTheIncrementalPath(form: String) async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 40)
            try await simulator.admin("PUT", "orgs/contoso/delta_answers", ["no_changes": form], expect: 200)
            try await harness.passes(1)
            let links = try await harness.deltaLinks()
            #expect(Set(links.keys) == ["socialactivities", "incidents"])

            try await simulator.resetCounters()
            try await harness.passes(3)
            // Each pass: the health probe (two requests) and one delta read per table.
            #expect(try await simulator.counters(harness.organization)["requests"] as? Int == 12)
            #expect(Set(try await harness.deltaLinks().keys) == Set(links.keys))

            // The activities stay quiet while an incident goes: the delta still finds it.
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(7))", expect: 200)
            try await harness.passes(2)
            #expect(try await harness.state(of: "p7") == "broken(record_deleted)")
            #expect(try await harness.state(of: "p8") == "active")
        }
    }

    /// B5: an expired token is `ExpiredVersionStamp` 0x80044352, whose Web API status is not
    /// documented: tracking restarts on the code, whatever the status.
    @Test(arguments: [400, 403, 500])
    func r20_anExpiredTokenRestartsTrackingWhateverItsStatus(status: Int) async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await simulator.admin("PUT", "orgs/contoso/delta_answers", ["expired_status": status], expect: 200)
            try await harness.passes(1)
            let links = try await harness.deltaLinks()
            try await simulator.admin("POST", "orgs/contoso/expire_delta_tokens", expect: 200)
            try await harness.passes(1)
            let renewed = try await harness.deltaLinks()
            #expect(Set(renewed.keys) == Set(links.keys))
            #expect(renewed["socialactivities"] != links["socialactivities"] && renewed["incidents"] != links["incidents"])
            // Back on the incremental path: the probe and one delta read per table.
            try await simulator.resetCounters()
            try await harness.passes(1)
            #expect(try await simulator.counters(harness.organization)["requests"] as? Int == 4)
        }
    }

    /// B6: links come back with the organization's own host in lower case; an instance URL
    /// typed with capitals still follows them, so change tracking engages.
    @Test func r20_aMixedCaseInstanceURLStillEngagesChangeTracking() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator) { url in
                URL(string: url.absoluteString.replacingOccurrences(of: "http://127.0.0.1", with: "HTTP://LocalHost"))!
            }
            try await harness.passes(1)
            let links = try await harness.deltaLinks()
            #expect(Set(links.keys) == ["socialactivities", "incidents"])
            #expect(links.values.allSatisfy { $0.hasPrefix("http://localhost:") }, "\(links)")
            try await simulator.resetCounters()
            try await harness.passes(1)
            #expect(try await simulator.counters(harness.organization)["requests"] as? Int == 4)
            try await simulator.admin("DELETE", "orgs/contoso/rows/socialactivities/\(EngineHarness.activity(2))", expect: 200)
            try await harness.passes(2)
            #expect(try await harness.state(of: "p2") == "broken(activity_deleted)")
        }
    }

    @Test func withoutChangeTrackingEveryPassIsFull() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await simulator.admin("PUT", "orgs/contoso/change_tracking", ["enabled": false], expect: 200)
            try await harness.passes(1)
            #expect(try await harness.deltaLinks().isEmpty)
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(4))", expect: 200)
            try await harness.passes(2)
            #expect(try await harness.state(of: "p4") == "broken(record_deleted)")
        }
    }

    @Test func linksAddedSinceTheLastPassAreVerified() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await harness.passes(1)
            // A link imported now, to a record deleted long before: no delta will name it.
            try await harness.store.write { transaction in
                try transaction.posts.insert([Post(
                    id: "late", url: "https://example.test/late", author: "a", text: "t", sentiment: .neutral, tags: [],
                    source: .twitter, publishedAt: EngineHarness.epoch)])
                try transaction.links.insert(
                    postID: "late", instanceID: EngineHarness.instanceID, activityID: EngineHarness.activity(5),
                    record: RecordReference(entity: "incident", id: testGUID(0x1c, 999)), state: .active, reason: nil,
                    actor: .admin, at: EngineHarness.epoch)
            }
            try await harness.passes(2)
            #expect(try await harness.state(of: "late") == "broken(record_deleted)")
            #expect(try await harness.state(of: "p5") == "active")
        }
    }
}

@Suite(.serialized) struct ChangeTrackingRestorationTests {
    @Test func r30_restoredLinkIsVerifiedByAFullPassAfterMissingTheDeltas() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator)
            try await harness.passes(1)
            // As after an instance deletion (R5): p4 removed, waiting for R30.
            try await harness.store.write { transaction in
                let link = try #require(try transaction.links.current(ofPost: "p4"))
                try transaction.links.applyTransition(
                    link.id, expectedFrom: .active, Transition(to: .removed, reason: .instanceDeleted), actor: .admin, at: EngineHarness.epoch)
                try transaction.links.setRestorePending(link.id, true)
            }
            // Its activity is dissociated while it is removed: the next delta names it, but p4 is
            // not active then. (Deleting the case would cascade to the activity, Incident_SocialActivities,
            // and R30 would rightly leave p4 removed.)
            try await simulator.admin("POST", "orgs/contoso/rows/socialactivities/\(EngineHarness.activity(4))/dissociate", expect: 200)
            try await harness.passes(1)
            #expect(try await harness.state(of: "p4") == "active(restored)")
            try await harness.passes(2)
            #expect(try await harness.state(of: "p4") == "broken(record_dissociated)")
        }
    }
}

extension EngineHarness {
    /// The stored delta links of the harness's instance, by entity set.
    func deltaLinks() async throws -> [String: String] {
        try await store.read { try $0.changeTracking.deltaLinks(instanceID: EngineHarness.instanceID) }
    }
}
