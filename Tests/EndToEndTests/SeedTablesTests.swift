import Foundation
import Testing
import TestSupport

/// Every row of both seed tables, and R30/R31, through the command line and `reconcile`
/// against a real `d365-sim`, as an operator (or an outside acceptance test) would.
@Suite(.serialized) struct SeedTablesTests {
    // First table: instance status → link.

    @Test func r10_deletedInstanceRemovesLinksFreesPostsAndIsNotOffered() async throws {
        try await SimulatorProcess.run { simulator in
            let deployment = try Deployment(simulator: simulator)
            _ = try await deployment.connect("contoso", posts: 3)
            _ = try await deployment.connect("fabrikam", posts: 1)
            try deployment.reconcile()
            try deployment.run("instances", "delete", "contoso")
            #expect(try deployment.state("contoso-p0") == "removed(instance_deleted)")
            #expect(try deployment.availablePosts().isSuperset(of: ["contoso-p0", "contoso-p1", "contoso-p2"]))
            #expect(try deployment.state("fabrikam-p0") == "active")
            let shown = try JSONSerialization.jsonObject(with: Data(try deployment.run("instances", "show", "contoso", "--json").stdout.utf8)) as? [String: Any]
            #expect(shown?["deleted"] as? Bool == true)
            #expect(shown?["enabled"] as? Bool == false)
            let refused = try deployment.run("links", "create", "--post", "contoso-p0", "--instance", "contoso", "--record-type", "incident", expect: 65)
            #expect(refused.stderr.contains("contoso"))
            try deployment.reconcile()
            #expect(try deployment.state("contoso-p0") == "removed(instance_deleted)")
        }
    }

    @Test func r13_disabledInstanceKeepsLinksErroredAndUnlinkFreesThePost() async throws {
        try await SimulatorProcess.run { simulator in
            let deployment = try Deployment(simulator: simulator)
            _ = try await deployment.connect("contoso", posts: 2)
            try deployment.run("instances", "disable", "contoso")
            try deployment.reconcile()
            #expect(try deployment.state("contoso-p0") == "errored(instance_disabled)")
            try deployment.run("links", "unlink", "--post", "contoso-p1")
            #expect(try deployment.availablePosts().contains("contoso-p1"))
            try deployment.run("instances", "enable", "contoso")
            try deployment.reconcile()
            #expect(try deployment.state("contoso-p0") == "active")
            #expect(try deployment.state("contoso-p1") == "unlinked(unlinked_by_user)")
        }
    }

    @Test func r11_downtimeKeepsLinksErroredUntilTheInstanceIsBack() async throws {
        try await SimulatorProcess.run { simulator in
            let deployment = try Deployment(simulator: simulator)
            let organization = try await deployment.connect("contoso", posts: 2)
            try deployment.reconcile()
            try await simulator.setFault(organization, ["kind": "down"])
            try deployment.reconcile(times: 2)
            #expect(try deployment.state("contoso-p0") == "errored(instance_down)")
            #expect(!(try deployment.availablePosts().contains("contoso-p0")))
            try await simulator.clearFault(organization)
            try deployment.reconcile()
            #expect(try deployment.state("contoso-p0") == "active")
        }
    }

    @Test func r12_expiredInstanceErrorsLinksAndRefusesNewOnes() async throws {
        try await SimulatorProcess.run { simulator in
            let deployment = try Deployment(simulator: simulator)
            let organization = try await deployment.connect("contoso", posts: 1)
            try deployment.run("instances", "refresh", "contoso")
            try await simulator.setFault(organization, ["kind": "expired"])
            try deployment.reconcile(times: 2)
            #expect(try deployment.state("contoso-p0") == "errored(instance_expired)")
            try deployment.run("links", "unlink", "--post", "contoso-p0")
            let refused = try deployment.run("links", "create", "--post", "contoso-p0", "--instance", "contoso", "--record-type", "incident", expect: 65)
            #expect(refused.stderr.contains("expired"))
        }
    }

    @Test func r15_postsNotLinkedAreUnaffected() async throws {
        try await SimulatorProcess.run { simulator in
            let deployment = try Deployment(simulator: simulator)
            let organization = try await deployment.connect("contoso", posts: 1)
            try deployment.run(["posts", "import", "-"], stdin: #"{"id":"free","url":"u","author":"a","text":"t","sentiment":null,"tags":[],"source":"other","published_at":"2024-05-01T10:00:00Z"}"# + "\n")
            try await simulator.setFault(organization, ["kind": "down"])
            try deployment.reconcile(times: 2)
            #expect(try deployment.availablePosts().contains("free"))
            #expect(try deployment.state("free") == "none")
        }
    }

    // Second table: record status → link.

    @Test func r20_r21_r22_recordChangesBreakLinksAndFreeTheirPosts() async throws {
        try await SimulatorProcess.run { simulator in
            let deployment = try Deployment(simulator: simulator)
            _ = try await deployment.connect("contoso", posts: 4)
            try await simulator.admin("POST", "orgs/contoso/rows/socialactivities/\(Deployment.activity("contoso", 0))/dissociate", expect: 200)
            try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(Deployment.incident("contoso", 1))", expect: 200)
            try await simulator.admin("DELETE", "orgs/contoso/rows/socialactivities/\(Deployment.activity("contoso", 2))", expect: 200)
            try deployment.reconcile()
            #expect(try deployment.links("--state", "broken").isEmpty, "one answer is not enough")
            try deployment.reconcile()
            #expect(try deployment.state("contoso-p0") == "broken(record_dissociated)")
            #expect(try deployment.state("contoso-p1") == "broken(record_deleted)")
            #expect(try deployment.state("contoso-p2") == "broken(activity_deleted)")
            #expect(try deployment.state("contoso-p3") == "active")
            #expect(try deployment.availablePosts().isSuperset(of: ["contoso-p0", "contoso-p1", "contoso-p2"]))
        }
    }

    @Test func r23_n2_unlinkedPostIsAvailableAndNothingIsSentToDynamics() async throws {
        try await SimulatorProcess.run { simulator in
            let deployment = try Deployment(simulator: simulator)
            let organization = try await deployment.connect("contoso", posts: 1)
            try await simulator.resetCounters()
            try deployment.run("links", "unlink", "--post", "contoso-p0")
            #expect(try deployment.state("contoso-p0") == "unlinked(unlinked_by_user)")
            #expect(try deployment.availablePosts().contains("contoso-p0"))
            let counters = try await simulator.counters(organization)
            #expect((counters["requests"] as? Int ?? 0) == 0, "unlinking sends nothing (N2)")
        }
    }

    // Re-association of a deleted instance.

    @Test func r30_r31_reassociationRestoresLinksNotRelinkedWhoseActivityExists() async throws {
        try await SimulatorProcess.run { simulator in
            let (deployment, contoso) = try await Self.deleteContosoThenChangeThings(simulator, pollFirst: false)
            let added = try Self.addContoso(deployment, contoso, id: "contoso", url: contoso.instanceURL)
            #expect(added.stdout.contains("re-associated"))
            try deployment.reconcile(times: 2)
            try Self.expectRestoredExceptRelinkedAndGone(deployment)
        }
    }

    /// R9 by organization id: the organization comes back under a connection of another id
    /// and URL (here `localhost` for `127.0.0.1`), so `instances add` cannot tell; its first
    /// poll names the deleted instance's organization, and the removed links come over to
    /// it and are restored (R30), except a post re-linked meanwhile (R31).
    @Test func r9_r30_r31_reassociationByOrganizationIdOnTheFirstPoll() async throws {
        try await SimulatorProcess.run { simulator in
            let (deployment, contoso) = try await Self.deleteContosoThenChangeThings(simulator, pollFirst: true)
            var moved = URLComponents(url: contoso.instanceURL, resolvingAgainstBaseURL: false)!
            moved.host = "localhost"
            let added = try Self.addContoso(deployment, contoso, id: "contoso-renamed", url: moved.url!)
            #expect(!added.stdout.contains("re-associated"), "the URL differs: add alone cannot tell")
            let reconciled = try deployment.run("reconcile")
            #expect(reconciled.stderr.contains("event=instance.reassociated instance=contoso-renamed deleted_instance=contoso restorable=2 relinked=1"))
            try deployment.reconcile()
            try Self.expectRestoredExceptRelinkedAndGone(deployment)
            #expect(try deployment.links("--instance", "contoso-renamed").compactMap { $0["post_id"] as? String }.sorted() == ["contoso-p1", "contoso-p2"])
            #expect(try deployment.links("--instance", "contoso").compactMap { $0["post_id"] as? String } == ["contoso-p0"], "R31: left as it was")
        }
    }

    /// Contoso (3 posts) and fabrikam (1) connected, contoso deleted (after one poll that
    /// learns its organization id when `pollFirst`); then p0 is re-linked to fabrikam (R31)
    /// and p1's activity is deleted in Dataverse, while p2 just waits.
    static func deleteContosoThenChangeThings(_ simulator: SimulatorProcess, pollFirst: Bool) async throws -> (Deployment, SimulatorProcess.Organization) {
        let deployment = try Deployment(simulator: simulator)
        let contoso = try await deployment.connect("contoso", posts: 3)
        _ = try await deployment.connect("fabrikam", posts: 1)
        try deployment.run("instances", "refresh", "fabrikam")
        if pollFirst { try deployment.reconcile() }
        try deployment.run("instances", "delete", "contoso")
        try deployment.run("links", "create", "--post", "contoso-p0", "--instance", "fabrikam", "--record-type", "incident")
        try deployment.reconcile()
        #expect(try deployment.state("contoso-p0") == "active(created)")
        try await simulator.admin("DELETE", "orgs/contoso/rows/socialactivities/\(Deployment.activity("contoso", 1))", expect: 200)
        return (deployment, contoso)
    }

    static func addContoso(_ deployment: Deployment, _ contoso: SimulatorProcess.Organization, id: String, url: URL) throws -> ProcessResult {
        try deployment.run(
            "instances", "add", "--id", id, "--name", "Contoso", "--url", url.absoluteString,
            "--tenant-id", "tenant-contoso", "--client-id", contoso.clientID, "--client-secret-file", deployment.directory.path("contoso.secret"),
            "--token-url", contoso.tokenURL.absoluteString)
    }

    /// R30 for p2, R30's "activity gone" for p1, R31 for p0 (still linked to fabrikam).
    static func expectRestoredExceptRelinkedAndGone(_ deployment: Deployment) throws {
        #expect(try deployment.state("contoso-p2") == "active(restored)")
        #expect(try deployment.state("contoso-p1") == "removed(activity_deleted)")
        #expect(try deployment.state("contoso-p0") == "active(created)")
        let p0 = try JSONSerialization.jsonObject(with: Data(try deployment.run("links", "show", "contoso-p0", "--json").stdout.utf8)) as? [[String: Any]]
        #expect(p0?.last?["instance"] as? String == "fabrikam")
    }
}
