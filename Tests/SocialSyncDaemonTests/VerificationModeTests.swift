import Foundation
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore
import Testing
import TestSupport

/// R20-R22 whichever way a pass reads the activities (by id or the whole table), with the
/// regarding relationship cascading Delete or not; the record table read only where the
/// activity cannot vouch for the record; N1 for table pages. Change tracking is off so that
/// every pass is a full one, the passes that choose a mode.
@Suite(.serialized) struct VerificationModeTests {
    static let modes: [VerificationModeSetting] = [.ids, .table]
    /// Microsoft's cascade for cases, and one that leaves the activity behind with its
    /// regarding emptied (customisable per organization, d365-sim `CascadeOverrides`).
    static let cascades = ["Cascade", "RemoveLink"]

    private static func harness(
        _ simulator: SimulatorProcess, mode: VerificationModeSetting, cascade: String = "Cascade", count: Int = 6
    ) async throws -> EngineHarness {
        let harness = try await EngineHarness.make(simulator, count: count, verificationMode: mode)
        try await simulator.admin("PUT", "orgs/contoso/change_tracking", ["enabled": false], expect: 200)
        try await simulator.admin("PUT", "orgs/contoso/cascade/socialactivity/Incident_SocialActivities", ["delete": cascade], expect: 200)
        return harness
    }

    private static func modesOfVerification(_ harness: EngineHarness) -> [VerificationMode] {
        harness.events.all.compactMap { event in
            guard case let .passFinished(_, .verify, _, _, _, _, mode) = event else { return nil }
            return mode
        }
    }

    /// Applies `change` after a first pass, then expects `broken` (each post with its reason)
    /// only after the second answer, the other links active, and every pass in `mode`.
    private static func expectBreaks(
        _ broken: [String: String], mode: VerificationModeSetting, cascade: String, after change: (SimulatorProcess) async throws -> Void
    ) async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await Self.harness(simulator, mode: mode, cascade: cascade)
            try await harness.passes(1)
            try await change(simulator)
            try await harness.passes(1)
            #expect(Set(try await harness.states().values) == ["active"], "one answer is not enough")
            try await harness.passes(1)
            let states = try await harness.states()
            for post in states.keys.sorted() {
                #expect(states[post] == broken[post].map { "broken(\($0))" } ?? "active", "\(post)")
            }
            #expect(Set(Self.modesOfVerification(harness)) == [mode == .table ? .table : .ids])
        }
    }

    @Test(arguments: modes, cascades)
    func r20_aDissociatedActivityBreaksItsLink(mode: VerificationModeSetting, cascade: String) async throws {
        try await Self.expectBreaks(["p2": "record_dissociated", "p3": "record_dissociated"], mode: mode, cascade: cascade) { simulator in
            try await simulator.admin("POST", "orgs/contoso/rows/socialactivities/\(EngineHarness.activity(2))/dissociate", expect: 200)
            try await simulator.admin("POST", "orgs/contoso/rows/socialactivities/\(EngineHarness.activity(3))/regarding",
                                      ["entity": "incident", "id": EngineHarness.incident(4)], expect: 200)
        }
    }

    @Test(arguments: modes, cascades)
    func r21_aDeletedRecordBreaksItsLink(mode: VerificationModeSetting, cascade: String) async throws {
        try await Self.expectBreaks(["p1": "record_deleted"], mode: mode, cascade: cascade) { simulator in
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(1))", expect: 200)
        }
    }

    @Test(arguments: modes, cascades)
    func r22_aDeletedActivityBreaksItsLinkWhileTheRecordExists(mode: VerificationModeSetting, cascade: String) async throws {
        try await Self.expectBreaks(["p3": "activity_deleted"], mode: mode, cascade: cascade) { simulator in
            try await simulator.admin("DELETE", "orgs/contoso/rows/socialactivities/\(EngineHarness.activity(3))", expect: 200)
        }
    }

    /// Activities first: while every activity regards its record under a Delete cascade, a
    /// pass reads no record table at all; without the cascade the records are read.
    @Test(arguments: modes)
    func r21_theRecordTableIsNotReadWhileActivitiesVouchForTheirRecords(mode: VerificationModeSetting) async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await Self.harness(simulator, mode: mode)
            try await harness.passes(1)
            try await simulator.resetCounters()
            try await harness.passes(2)
            let reads = try await simulator.counters(harness.organization)["reads"] as? [String: Int] ?? [:]
            #expect(reads["incidents"] == nil, "\(reads)")
            #expect((reads["socialactivities"] ?? 0) > 0)
            #expect(Set(try await harness.states().values) == ["active"])

            try await simulator.admin("PUT", "orgs/contoso/cascade/socialactivity/Incident_SocialActivities", ["delete": "RemoveLink"], expect: 200)
            try await harness.store.write { try $0.entityMetadata.replace(instanceID: EngineHarness.instanceID, with: [], refreshedAt: Date()) }
            try await simulator.resetCounters()
            try await harness.passes(1)
            let without = try await simulator.counters(harness.organization)["reads"] as? [String: Int] ?? [:]
            #expect((without["incidents"] ?? 0) > 0, "a relationship that does not cascade Delete cannot vouch: \(without)")
        }
    }

    /// N1 for table pages: a page that fails (5xx), is throttled (429) or cannot be read
    /// breaks nothing, not even links whose rows are really gone; once pages are read again,
    /// those links break.
    @Test(arguments: ["http500", "throttle", "malformed"])
    func n1_anUnreadableOrRefusedPageNeverBreaksALink(fault: String) async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await Self.harness(simulator, mode: .table)
            try await harness.passes(1)
            try await simulator.admin("DELETE", "orgs/contoso/rows/socialactivities/\(EngineHarness.activity(3))", expect: 200)
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(EngineHarness.incident(1))", expect: 200)
            let reconciler = try await harness.reconciler(settings: EngineSettings(confirmations: 2, verificationMode: .table))
            try await simulator.setFault(harness.organization, ["kind": fault, "retry_after": 0])
            for _ in 0..<3 { try await reconciler.verify(.all) }
            #expect(Set(try await harness.states().values) == ["active"])
            try await simulator.clearFault(harness.organization)
            try await harness.passes(2)
            #expect(try await harness.state(of: "p3") == "broken(activity_deleted)")
            #expect(try await harness.state(of: "p1") == "broken(record_deleted)")
        }
    }

    /// N1: rows the application user may not read are left out of table pages as of
    /// filtered reads; their links are verified by id, whose direct reads answer 403.
    @Test func n1_rowsHiddenFromTheApplicationUserNeverBreakTheirLinksInTableMode() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await Self.harness(simulator, mode: .table, cascade: "RemoveLink")
            try await simulator.admin("PUT", "orgs/contoso/hidden/socialactivities/\(EngineHarness.activity(2))", expect: 200)
            try await simulator.admin("PUT", "orgs/contoso/hidden/incidents/\(EngineHarness.incident(4))", expect: 200)
            try await harness.passes(4)
            #expect(Set(try await harness.states().values) == ["active"])
        }
    }

    /// `auto` reads the whole table where the links cover most of the activities, and by id
    /// where they are a small share (VerificationModeChoice), saying so in the pass's event.
    @Test func autoChoosesTheTableWhereLinksAreDenseAndIdsWhereTheyAreSparse() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await Self.harness(simulator, mode: .auto, count: 1000)
            try await harness.passes(1)
            #expect(Self.modesOfVerification(harness) == [.table])
            try await simulator.insertRows(harness.organization, set: "socialactivities", (0..<2000).map { ["id": testGUID(0xad, $0), "subject": "unlinked \($0)"] })
            try await harness.passes(1)
            #expect(Self.modesOfVerification(harness) == [.table, .ids])
            #expect(Set(try await harness.states().values) == ["active"])
        }
    }
}
