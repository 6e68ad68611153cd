import Foundation
import Testing
import TestSupport

/// `links ...`: listing, unlinking (R7) and the guards on creating a link (R2, R3, R8).
@Suite("Link commands")
struct LinkCommandTests {
    @Test func listJSONElementsHaveExactlyTheInterfaceKeys() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.importPosts(["p1"])
        try await sandbox.importLinks([("p1", "contoso")])
        let links = try await sandbox.jsonObjects("links", "list", "--json")
        try #require(links.count == 1)
        #expect(Set(links[0].keys) == ["post_id", "instance", "activity_id", "record_entity", "record_id", "state", "reason", "updated_at"])
        #expect(links[0]["post_id"] as? String == "p1")
        #expect(links[0]["instance"] as? String == "contoso")
        #expect(links[0]["record_entity"] as? String == "incident")
        #expect(links[0]["state"] as? String == "active")
        #expect(links[0]["reason"] is NSNull)
    }

    @Test func listFiltersByStateAndInstance() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.addInstance("fabrikam")
        try await sandbox.importPosts(["p1", "p2", "p3"])
        try await sandbox.importLinks([("p1", "contoso"), ("p2", "contoso"), ("p3", "fabrikam")])
        try await sandbox.succeed("links", "unlink", "--post", "p2")
        let unlinked = try await sandbox.jsonObjects("links", "list", "--state", "unlinked", "--json")
        #expect(unlinked.map { $0["post_id"] as? String } == ["p2"])
        let onFabrikam = try await sandbox.jsonObjects("links", "list", "--instance", "fabrikam", "--json")
        #expect(onFabrikam.map { $0["post_id"] as? String } == ["p3"])
    }

    @Test func listRefusesAnUnknownStateAndAnUnknownInstance() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.expectRefused(["links", "list", "--state", "dormant"], exit: 64, naming: ["dormant", "--state"])
        try await sandbox.expectRefused(["links", "list", "--instance", "ghost", "--json"], exit: 65, naming: ["ghost"])
    }

    @Test func r7_unlinkMakesTheLinkUnlinkedAndThePostAvailable() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.importPosts(["p1", "p2"])
        try await sandbox.importLinks([("p1", "contoso"), ("p2", "contoso")])
        #expect(try await sandbox.availablePosts().isEmpty)
        let stdout = try await sandbox.succeed("links", "unlink", "--post", "p1")
        #expect(stdout.contains("p1"))
        let links = try await sandbox.links(ofPost: "p1")
        #expect(links.map { $0["state"] as? String } == ["unlinked"])
        #expect(links.map { $0["reason"] as? String } == ["unlinked_by_user"])
        #expect(try await sandbox.availablePosts() == ["p1"])
        let shown = try #require(try await sandbox.json("links", "show", "p1", "--json") as? [[String: Any]])
        let journal = try #require(shown.first?["journal"] as? [[String: Any]])
        #expect(journal.map { $0["to"] as? String } == ["active", "unlinked"])
        #expect(journal.last?["actor"] as? String == "user")
    }

    @Test func r7_unlinkWithoutACurrentLinkExits65NamingThePost() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.importPosts(["never-linked", "p1"])
        try await sandbox.expectRefused(["links", "unlink", "--post", "never-linked"], exit: 65, naming: ["never-linked"])
        try await sandbox.importLinks([("p1", "contoso")])
        try await sandbox.succeed("links", "unlink", "--post", "p1")
        try await sandbox.expectRefused(["links", "unlink", "--post", "p1"], exit: 65, naming: ["p1"])
    }

    @Test func unlinkAndShowOfAnUnknownPostExit65NamingIt() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.expectRefused(["links", "unlink", "--post", "ghost"], exit: 65, naming: ["ghost"])
        try await sandbox.expectRefused(["links", "show", "ghost"], exit: 65, naming: ["ghost"])
    }

    @Test(arguments: [[], ["--dry-run"]])
    func r8_createRefusedForAPostThatIsNotAvailable(_ extra: [String]) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso", "--default")
        try await sandbox.importPosts(["p1"])
        try await sandbox.importLinks([("p1", "contoso")])
        try await sandbox.expectRefused(["links", "create", "--post", "p1", "--record-type", "incident"] + extra, exit: 65, naming: ["p1", "contoso", "active"])
    }

    @Test(arguments: [[], ["--dry-run"]])
    func r3_createRefusedToADisabledInstance(_ extra: [String]) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.addInstance("fabrikam", "--disabled")
        try await sandbox.importPosts(["p1"])
        try await sandbox.expectRefused(
            ["links", "create", "--post", "p1", "--instance", "fabrikam", "--record-type", "incident"] + extra, exit: 65, naming: ["fabrikam", "disabled"]
        )
    }

    @Test func r5_createRefusedToADeletedInstance() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.importPosts(["p1"])
        try await sandbox.succeed("instances", "delete", "contoso")
        try await sandbox.expectRefused(["links", "create", "--post", "p1", "--instance", "contoso", "--record-type", "incident"], exit: 65, naming: ["contoso", "deleted"])
    }

    @Test func r2_createWithoutAnInstanceNeedsADefault() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.importPosts(["p1"])
        try await sandbox.expectRefused(["links", "create", "--post", "p1", "--record-type", "incident"], exit: 65, naming: ["default"])
    }

    @Test func r8_createRefusesAnUnknownPostOrInstance() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso", "--default")
        try await sandbox.importPosts(["p1"])
        try await sandbox.expectRefused(["links", "create", "--post", "ghost", "--record-type", "incident"], exit: 65, naming: ["ghost"])
        try await sandbox.expectRefused(["links", "create", "--post", "p1", "--instance", "nowhere", "--record-type", "incident"], exit: 65, naming: ["nowhere"])
    }

    /// R4, R8: a creation is planned from the instance's metadata, never from documented
    /// names; an instance whose metadata cannot be read makes `links create` unavailable
    /// (69, naming the instance) and nothing is queued.
    @Test func r4_r8_createNeedsTheInstancesMetadata() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso", "--default")
        try await sandbox.importPosts(["p1"])
        try await sandbox.expectRefused(["links", "create", "--post", "p1", "--record-type", "incident"], exit: 69, naming: ["contoso", "metadata"])
        try await sandbox.expectRefused(["links", "create", "--post", "p1", "--record-type", "incident", "--dry-run"], exit: 69, naming: ["contoso"])
    }

    /// A table name outside the logical-name syntax (interface.md "Inputs") is a usage error
    /// before the store or the instance is touched.
    @Test(arguments: ["in cident/../x", "incident?$filter=x", "1ncident", String(repeating: "a", count: 129)])
    func createRefusesARecordTypeOutsideTheLogicalNameSyntax(_ recordType: String) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso", "--default")
        try await sandbox.importPosts(["p1"])
        try await sandbox.expectRefused(["links", "create", "--post", "p1", "--record-type", recordType, "--dry-run"], exit: 64, naming: ["--record-type"])
    }
}
