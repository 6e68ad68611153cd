import Foundation
import Testing
import TestSupport

/// R16: a link's record details are shown while its instance is enabled and healthy, and
/// hidden, with the reason, while it is not.
@Suite("Record details in links show")
struct RecordDetailsTests {
    static let activity = testGUID(0xac, 1)
    static let incident = testGUID(0x1c, 1)

    /// A connected sandbox whose post p1 is linked to a case "Printer on fire".
    static func linkedCase(_ simulator: SimulatorProcess) async throws -> (CLISandbox, SimulatorProcess.Organization) {
        let organization = try await simulator.createOrganization("contoso")
        try await simulator.insertRows(organization, set: "incidents", [["id": incident, "title": "Printer on fire"]])
        try await simulator.insertRows(organization, set: "socialactivities", [["id": activity, "regarding": ["entity": "incident", "id": incident]]])
        let sandbox = try await LiveInstanceTests.connected(organization)
        try await sandbox.importPosts(["p1"])
        let line = #"{"post_id":"p1","instance":"contoso","activity_id":"\#(activity)","record_entity":"incident","record_id":"\#(incident)"}"#
        try await sandbox.succeed("links", "import", try sandbox.directory.write("links.jsonl", line + "\n"))
        return (sandbox, organization)
    }

    static func shown(_ sandbox: CLISandbox) async throws -> [String: Any] {
        try #require(try await sandbox.jsonObjects("links", "show", "p1", "--json").last)
    }

    @Test func r16_aHealthyInstancesCurrentRecordIsReadForLinksShowInOneRequest() async throws {
        try await SimulatorProcess.run { simulator in
            let (sandbox, organization) = try await Self.linkedCase(simulator)
            try await sandbox.succeed("reconcile")
            try await simulator.resetCounters()
            let link = try await Self.shown(sandbox)
            #expect(try await simulator.counters(organization)["requests"] as? Int == 1, "one request for the current record")
            #expect(link["details_available"] as? Bool == true)
            let details = try #require(link["details"] as? [String: Any], "\(link)")
            #expect(details["name"] as? String == "Printer on fire")
            #expect(details["state"] as? String == "Active" && details["status"] as? String == "In Progress", "\(details)")
            #expect(details["modified_on"] as? String != nil && details["observed_at"] as? String != nil)
            let text = try await sandbox.succeed("links", "show", "p1")
            #expect(text.contains("incident 'Printer on fire' · Active / In Progress · modified ") || text.contains("Case 'Printer on fire' · Active / In Progress · modified "), "\(text)")
        }
    }

    @Test func r16_whenTheReadFailsTheLastVerificationsDetailsAreShown() async throws {
        try await SimulatorProcess.run { simulator in
            let (sandbox, organization) = try await Self.linkedCase(simulator)
            try await sandbox.succeed("reconcile")
            let live = try #require(try await Self.shown(sandbox)["details"] as? [String: Any])
            try await simulator.setFault(organization, ["kind": "http500"])
            let link = try await Self.shown(sandbox)
            #expect(link["details_available"] as? Bool == true, "the store still holds the instance healthy")
            let details = try #require(link["details"] as? [String: Any], "\(link)")
            #expect(details["name"] as? String == "Printer on fire")
            let (stored, read) = (details["observed_at"] as? String ?? "", live["observed_at"] as? String ?? "")
            #expect(!stored.isEmpty && stored < read, "the verification's reading (\(stored)), older than the live one (\(read))")
        }
    }

    @Test func r16_aDisabledInstancesRecordDetailsAreUnavailable() async throws {
        try await SimulatorProcess.run { simulator in
            let (sandbox, organization) = try await Self.linkedCase(simulator)
            try await sandbox.succeed("reconcile")
            try await sandbox.succeed("instances", "disable", "contoso")
            try await simulator.resetCounters()
            let link = try await Self.shown(sandbox)
            #expect(link["details_available"] as? Bool == false)
            #expect(link["details"] is NSNull)
            #expect(try await simulator.counters(organization)["requests"] as? Int == 0, "a disabled instance is not asked")
            let text = try await sandbox.succeed("links", "show", "p1")
            #expect(text.contains("record details unavailable: instance disabled"), "\(text)")
            try await sandbox.succeed("instances", "enable", "contoso")
            try await sandbox.succeed("reconcile")
            #expect(try await Self.shown(sandbox)["details_available"] as? Bool == true, "enabling it shows them again")
        }
    }

    @Test func r16_aDownInstancesRecordDetailsAreUnavailable() async throws {
        try await SimulatorProcess.run { simulator in
            let (sandbox, organization) = try await Self.linkedCase(simulator)
            try await sandbox.succeed("reconcile")
            try await simulator.setFault(organization, ["kind": "down"])
            for _ in 0..<2 { try await sandbox.succeed("reconcile") }
            let link = try await Self.shown(sandbox)
            #expect(link["details_available"] as? Bool == false && link["details"] is NSNull, "\(link)")
            #expect(try await sandbox.succeed("links", "show", "p1").contains("record details unavailable: instance down"))
        }
    }
}
