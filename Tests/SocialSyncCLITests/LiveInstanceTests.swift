import Foundation
import Testing
import TestSupport

/// The commands that talk to an instance, against `d365-sim`: `instances refresh` (R4)
/// and `links create` (R8), whose `--json` output UsageTests leaves to this suite.
@Suite("With a live instance")
struct LiveInstanceTests {
    static let jsonCommands: Set<String> = ["instances refresh", "links create"]

    /// A sandbox whose default instance `contoso` is the organization.
    static func connected(_ organization: SimulatorProcess.Organization) async throws -> CLISandbox {
        let sandbox = try CLISandbox()
        let secret = try sandbox.directory.write("contoso.secret", organization.secret + "\n")
        try await sandbox.succeed(arguments: [
            "instances", "add", "--id", "contoso", "--name", "Contoso", "--url", organization.instanceURL.absoluteString,
            "--token-url", organization.tokenURL.absoluteString, "--tenant-id", "tenant-contoso",
            "--client-id", organization.clientID, "--client-secret-file", secret, "--default",
        ])
        return sandbox
    }

    @Test func r8_aTableTheInstanceCannotLinkIsRefusedBeforeAnythingIsQueued() async throws {
        try await SimulatorProcess.run { simulator in
            let sandbox = try await Self.connected(try await simulator.createOrganization("contoso"))
            try await sandbox.importPosts(["p1"])
            // The organization table exists, but socialactivity has no regarding relationship to it.
            try await sandbox.expectRefused(["links", "create", "--post", "p1", "--record-type", "organization"], exit: 65, naming: ["contoso", "organization", "regarding"])
            try await sandbox.expectRefused(["links", "create", "--post", "p1", "--record-type", "new_widget", "--dry-run"], exit: 65, naming: ["new_widget"])
            #expect(try await sandbox.snapshot().outboxCount == 0)
        }
    }

    @Test func r4_r8_refreshLearnsTheOrganizationThenCreateQueuesAPendingLink() async throws {
        try await SimulatorProcess.run { simulator in
            let organization = try await simulator.createOrganization("contoso")
            let sandbox = try await Self.connected(organization)

            let refreshed = try #require(try await sandbox.json("instances", "refresh", "contoso", "--json") as? [String: Any])
            let instance = try #require(refreshed["instance"] as? [String: Any])
            #expect((instance["organization_id"] as? String)?.lowercased() == organization.organizationID.lowercased())
            let entities = (refreshed["entities"] as? [[String: Any]] ?? []).compactMap { $0["logical_name"] as? String }
            #expect(Set(["incident", "socialactivity", "socialprofile"]).isSubset(of: entities), "\(entities)")

            try await sandbox.importPosts(["p1"])
            let beforeDryRun = try await sandbox.snapshot()
            let dryRun = try await sandbox.succeed("links", "create", "--post", "p1", "--record-type", "incident", "--dry-run")
            #expect(UsageTests.isOneJSONValue(dryRun), "\(dryRun)")
            #expect(dryRun.contains("https://twitter.com/ann/status/p1"), "the payload carries the post")
            #expect(dryRun.contains("regardingobjectid_incident_socialactivity@odata.bind"), "the regarding bind comes from metadata")
            #expect(dryRun.contains("customerid_contact@odata.bind"), "the case has the author's contact as customer")
            #expect(dryRun.contains("uniqueprofileid%20eq%20%27Ann%27"), "the profile lookup is shown")
            #expect(try await sandbox.snapshot() == beforeDryRun, "--dry-run stores nothing")
            let creates = try await simulator.counters(organization)["creates"] as? [String: Any]
            #expect(creates?.isEmpty ?? true, "--dry-run sends nothing: \(String(describing: creates))")

            let created = try #require(try await sandbox.json("links", "create", "--post", "p1", "--record-type", "incident", "--json") as? [String: Any])
            #expect(created["post_id"] as? String == "p1")
            #expect(created["instance"] as? String == "contoso")
            #expect(created["state"] as? String == "pending")
            try await sandbox.expectRefused(["links", "create", "--post", "p1", "--record-type", "incident"], exit: 65, naming: ["p1", "pending"])
            #expect(try await sandbox.snapshot().outboxCount == 1)
        }
    }

    /// "The exact requests": the ids a dry run prints are the ones the following creation
    /// queues; a new attempt after the first link ended gets other ids, so it never collides
    /// with rows the first attempt may have created.
    @Test func r8_theDryRunPrintsTheIdsTheCreationQueues() async throws {
        try await SimulatorProcess.run { simulator in
            let sandbox = try await Self.connected(try await simulator.createOrganization("contoso"))
            try await sandbox.importPosts(["p1"])
            let create = ["links", "create", "--post", "p1", "--record-type", "incident"]
            let firstDryRun = Self.guids(in: try await sandbox.succeed(arguments: create + ["--dry-run"]))
            #expect(firstDryRun == Self.guids(in: try await sandbox.succeed(arguments: create + ["--dry-run"])), "a dry run is repeatable")
            let output = try await sandbox.succeed(arguments: create + ["--json"])
            let created = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            let queued = Set([created["record_id"], created["activity_id"]].compactMap { $0 as? String })
            #expect(queued.count == 2 && queued.isSubset(of: firstDryRun), "queued \(queued), dry run showed \(firstDryRun)")

            try await sandbox.succeed("links", "unlink", "--post", "p1")
            let secondDryRun = Self.guids(in: try await sandbox.succeed(arguments: create + ["--dry-run"]))
            #expect(!secondDryRun.isEmpty && secondDryRun.isDisjoint(with: firstDryRun), "a new attempt reuses no id of the first")
        }
    }

    /// Every GUID in `text`, lower-cased.
    static func guids(in text: String) -> Set<String> {
        let pattern = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/
        return Set(text.matches(of: pattern).map { String($0.output).lowercased() })
    }
}
