import Foundation
import Testing
import TestSupport

/// `instances ...`: the administrator's actions (behaviour.md R1-R6, R9, R30, R31).
@Suite("Instance commands")
struct InstanceCommandTests {
    @Test func listJSONElementsCarryEveryInterfaceKey() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso", "--default")
        let instances = try await sandbox.jsonObjects("instances", "list", "--json")
        let keys = ["id", "name", "url", "organization_id", "language", "connected_on", "default", "enabled", "deleted", "verdict", "verdict_since", "last_checked"]
        try #require(instances.count == 1)
        #expect(Set(keys).isSubset(of: instances[0].keys), "missing: \(Set(keys).subtracting(instances[0].keys))")
        #expect(instances[0]["id"] as? String == "contoso")
        #expect(instances[0]["url"] as? String == "https://contoso.crm.dynamics.com")
        #expect(instances[0]["default"] as? Bool == true)
        #expect(instances[0]["enabled"] as? Bool == true)
        #expect(instances[0]["deleted"] as? Bool == false)
        #expect(instances[0]["verdict"] as? String == "unknown")
        #expect(instances[0]["organization_id"] is NSNull)
    }

    @Test func duplicateInstanceIdExits65NamingIt() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.expectRefused(addArguments(sandbox, id: "contoso", url: "https://other.crm.dynamics.com"), exit: 65, naming: ["contoso"])
    }

    @Test func plainHTTPURLIsRefusedExceptOnLoopback() async throws {
        let sandbox = try CLISandbox()
        let plain = "http://contoso.crm.dynamics.com"
        try await sandbox.expectRefused(addArguments(sandbox, id: "contoso", url: plain), exit: 65, naming: ["--url", "contoso.crm.dynamics.com"])
        try await sandbox.addInstance("local", url: "http://127.0.0.1:8080/org1")
        #expect(try await sandbox.snapshot().instances.map(\.url.absoluteString) == ["http://127.0.0.1:8080/org1"])
    }

    /// B6: links come back with the organization's own host; the URL is kept in one form.
    @Test func r1_addAndEditStoreTheURLNormalised() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso", url: "HTTPS://Contoso.CRM.dynamics.com:443/")
        #expect(try await sandbox.snapshot().instances.map(\.url.absoluteString) == ["https://contoso.crm.dynamics.com"])
        try await sandbox.succeed("instances", "edit", "contoso", "--url", "https://Contoso2.crm.dynamics.com//")
        #expect(try await sandbox.snapshot().instances.map(\.url.absoluteString) == ["https://contoso2.crm.dynamics.com"])
    }

    @Test func r1_aURLWithAQueryOrFragmentIsAUsageError() async throws {
        let sandbox = try CLISandbox()
        for url in ["https://contoso.crm.dynamics.com/?tenant=x", "https://contoso.crm.dynamics.com#x"] {
            try await sandbox.expectRefused(addArguments(sandbox, id: "contoso", url: url), exit: 64, naming: ["--url"])
        }
        try await sandbox.addInstance("contoso")
        try await sandbox.expectRefused(["instances", "edit", "contoso", "--url", "https://contoso.crm.dynamics.com?x"], exit: 64, naming: ["--url"])
    }

    @Test func plainHTTPTokenURLIsRefused() async throws {
        let sandbox = try CLISandbox()
        let arguments = addArguments(sandbox, id: "contoso", url: "https://contoso.crm.dynamics.com") + ["--token-url", "http://login.example.com/token"]
        try await sandbox.expectRefused(arguments, exit: 65, naming: ["--token-url", "login.example.com"])
    }

    @Test(arguments: [
        ["instances", "show", "ghost"], ["instances", "enable", "ghost"], ["instances", "disable", "ghost"],
        ["instances", "delete", "ghost"], ["instances", "set-default", "ghost"], ["instances", "refresh", "ghost"],
        ["instances", "edit", "ghost", "--name", "Ghost"],
    ])
    func unknownInstanceExits65NamingIt(_ arguments: [String]) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.expectRefused(arguments, exit: 65, naming: ["ghost"])
    }

    @Test(arguments: [
        ["instances", "delete", "contoso"], ["instances", "disable", "contoso"], ["instances", "enable", "contoso"],
        ["instances", "edit", "contoso", "--name", "Again"],
    ])
    func r10_aDeletedInstanceRefusesAdministrationNamingIt(_ arguments: [String]) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.succeed("instances", "delete", "contoso")
        try await sandbox.expectRefused(arguments, exit: 65, naming: ["contoso", "deleted"])
    }

    @Test func r1_editRefusesAPlainHTTPURL() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.expectRefused(["instances", "edit", "contoso", "--url", "http://contoso.example.com"], exit: 65, naming: ["--url", "contoso.example.com"])
    }

    /// Imports refuse empty ids and names; the command line must too, or an instance
    /// nobody can name again ('') or a connection without credentials is stored.
    @Test(arguments: ["--id", "--name", "--tenant-id", "--client-id", "--client-secret-file"])
    func addRefusesAnEmptyValueNamingTheOption(_ option: String) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.expectEmptyValueRefused(addArguments(sandbox, id: "contoso", url: "https://contoso.crm.dynamics.com"), option: option)
    }

    @Test func missingSecretFileExits66NamingIt() async throws {
        let sandbox = try CLISandbox()
        let missing = sandbox.directory.path("absent.secret")
        var arguments = addArguments(sandbox, id: "contoso", url: "https://contoso.crm.dynamics.com")
        arguments[arguments.count - 1] = missing
        try await sandbox.expectRefused(arguments, exit: 66, naming: [missing])
    }

    @Test func secretFileReadableByOthersIsAcceptedWithAWarning() async throws {
        let sandbox = try CLISandbox()
        let shared = try sandbox.directory.write("shared.secret", "s3cret-value\n", permissions: 0o644)
        var arguments = addArguments(sandbox, id: "contoso", url: "https://contoso.crm.dynamics.com")
        arguments[arguments.count - 1] = shared
        let result = try await sandbox.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains(shared))
        #expect(result.stderr.contains("warning"))
        #expect(!result.stderr.contains("s3cret-value"), "the secret itself never appears")
    }

    @Test func r2_setDefaultRefusedOnADisabledInstance() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso", "--default")
        try await sandbox.addInstance("fabrikam", "--disabled")
        try await sandbox.expectRefused(["instances", "set-default", "fabrikam"], exit: 65, naming: ["fabrikam", "disabled"])
    }

    @Test func r2_setDefaultRefusedOnADeletedInstance() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.succeed("instances", "delete", "contoso")
        try await sandbox.expectRefused(["instances", "set-default", "contoso"], exit: 65, naming: ["contoso", "deleted"])
    }

    @Test func r2_addingADisabledDefaultIsRefused() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.expectRefused(addArguments(sandbox, id: "contoso", url: "https://contoso.crm.dynamics.com") + ["--default", "--disabled"], exit: 65, naming: ["contoso", "disabled"])
    }

    @Test func r2_setDefaultMovesTheFlag() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso", "--default")
        try await sandbox.addInstance("fabrikam")
        try await sandbox.succeed("instances", "set-default", "fabrikam")
        #expect(try await sandbox.snapshot().instances.filter(\.isDefault).map(\.id) == ["fabrikam"])
    }

    @Test(arguments: ["disable", "delete"])
    func r6_refusedWhileARuleIsActiveNamesTheRules(_ action: String) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.addInstance("fabrikam")
        try await sandbox.succeed("rules", "add", "--id", "route-cases", "--instance", "contoso")
        try await sandbox.succeed("rules", "add", "--id", "route-leads", "--instance", "contoso", "--record-type", "lead")
        try await sandbox.succeed("rules", "add", "--id", "dormant", "--instance", "contoso", "--inactive")
        try await sandbox.succeed("rules", "add", "--id", "elsewhere", "--instance", "fabrikam")
        let refused = try await sandbox.expectRefused(["instances", action, "contoso"], exit: 65, naming: ["contoso", "route-cases", "route-leads"])
        #expect(!refused.stderr.contains("dormant"))
        #expect(!refused.stderr.contains("elsewhere"))

        try await sandbox.succeed("rules", "deactivate", "route-cases")
        let stillRefused = try await sandbox.expectRefused(["instances", action, "contoso"], exit: 65, naming: ["route-leads"])
        #expect(!stillRefused.stderr.contains("route-cases"))

        try await sandbox.succeed("rules", "delete", "route-leads")
        try await sandbox.succeed("instances", action, "contoso")
        let contoso = try #require(try await sandbox.snapshot().instances.first { $0.id == "contoso" })
        #expect(!contoso.isEnabled)
        #expect(contoso.isDeleted == (action == "delete"))
    }

    @Test func r3_disableErrorsTheLinksKeepsThemAndClearsTheDefault() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso", "--default")
        try await sandbox.addInstance("fabrikam")
        try await sandbox.importPosts(["p1", "p2", "p3"])
        try await sandbox.importLinks([("p1", "contoso"), ("p2", "contoso"), ("p3", "fabrikam")])
        let stdout = try await sandbox.succeed("instances", "disable", "contoso")
        #expect(stdout.contains("2"))

        let links = try await sandbox.jsonObjects("links", "list", "--instance", "contoso", "--json")
        #expect(links.map { $0["post_id"] as? String } == ["p1", "p2"])
        #expect(links.allSatisfy { $0["state"] as? String == "errored" && $0["reason"] as? String == "instance_disabled" })
        #expect(try await sandbox.links(ofPost: "p3").map { $0["state"] as? String } == ["active"])
        #expect(try await sandbox.availablePosts().isEmpty, "errored links still hold their posts")
        let contoso = try #require(try await sandbox.snapshot().instances.first { $0.id == "contoso" })
        #expect(!contoso.isEnabled)
        #expect(!contoso.isDefault)
    }

    @Test func r5_deleteRemovesTheLinksFreesThePostsAndLeavesOthersAlone() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.addInstance("fabrikam")
        try await sandbox.importPosts(["p1", "p2", "p3", "p4"])
        try await sandbox.importLinks([("p1", "contoso"), ("p2", "contoso"), ("p3", "fabrikam")])
        try await sandbox.succeed("instances", "delete", "contoso")

        let removed = try await sandbox.jsonObjects("links", "list", "--instance", "contoso", "--json")
        #expect(removed.map { $0["post_id"] as? String } == ["p1", "p2"])
        #expect(removed.allSatisfy { $0["state"] as? String == "removed" && $0["reason"] as? String == "instance_deleted" })
        #expect(try await sandbox.availablePosts() == ["p1", "p2", "p4"])
        #expect(try await sandbox.links(ofPost: "p3").map { $0["state"] as? String } == ["active"])
        let instances = try await sandbox.jsonObjects("instances", "list", "--json")
        let contoso = try #require(instances.first { $0["id"] as? String == "contoso" })
        #expect(contoso["deleted"] as? Bool == true)
        #expect(contoso["enabled"] as? Bool == false)
    }

    @Test func r30_r31_reAddingADeletedInstanceBySameURLRestoresOnlyPostsNotRelinked() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.addInstance("fabrikam")
        try await sandbox.importPosts(["p1", "p2"])
        try await sandbox.importLinks([("p1", "contoso"), ("p2", "contoso")])
        try await sandbox.succeed("instances", "delete", "contoso")
        try await sandbox.importLinks([("p2", "fabrikam")])
        let relinked = try await sandbox.succeed("links", "show", "p2", "--json")

        let stdout = try await sandbox.succeed(
            arguments: addArguments(sandbox, id: "contoso-again", url: "https://Contoso.crm.dynamics.com/")
        )
        #expect(stdout.contains("re-associated"))
        #expect(stdout.contains("'contoso'"))
        #expect(stdout.contains("removed links waiting for verification (R30): 1"))
        #expect(stdout.contains("posts re-linked elsewhere, left as they are (R31): 1"))
        #expect(try await sandbox.succeed("links", "show", "p2", "--json") == relinked, "R31: the link to fabrikam is left as it is")
        #expect(try await sandbox.links(ofPost: "p1").map { $0["state"] as? String } == ["removed"], "R30: restored only once verified")
        let instances = try await sandbox.snapshot().instances
        #expect(instances.map(\.id) == ["contoso", "fabrikam"], "the deleted instance came back, no new one was added")
        #expect(instances.first?.isDeleted == false)
    }

    // MARK: Inputs that must not slip through (interface.md "Inputs")

    @Test(arguments: ["org\n1", "org\"1", "../org1", "org..1", "-org1", "org 1", "org/1", String(repeating: "o", count: 5_000)])
    func addRefusesAnIdOutsideItsSyntaxAsAUsageError(_ id: String) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.expectRefused(addArguments(sandbox, id: id, url: "https://contoso.crm.dynamics.com"), exit: 64, naming: ["--id", "instance id"])
    }

    @Test func addAcceptsIdsOfTheDocumentedSyntax() async throws {
        let sandbox = try CLISandbox()
        for (number, id) in ["org1", "Contoso-EU.prod_2", "7", String(repeating: "o", count: 64)].enumerated() {
            try await sandbox.addInstance(id, url: "https://org\(number).crm.dynamics.com")
        }
        #expect(try await sandbox.snapshot().instances.count == 4)
    }

    /// Each of these surfaced later as a misleading token error ("invalid_scope").
    @Test(arguments: [
        ("https://contoso.crm.dynamics.com:99999", "port"), ("https://contoso.crm.dynamics.com:0", "port"),
        ("https://admin:hunter2@contoso.crm.dynamics.com", "user name or password"),
        ("https://contoso.crm.dynamics.com/api/data/v9.2", "organization's URL"), ("ftp://contoso.crm.dynamics.com", "https://"),
    ])
    func addRefusesAURLOfTheWrongShapeNamingItAndWhatIsWrong(_ url: String, _ problem: String) async throws {
        let sandbox = try CLISandbox()
        let result = try await sandbox.expectRefused(addArguments(sandbox, id: "contoso", url: url), exit: 64, naming: ["--url", "contoso.crm.dynamics.com", problem])
        #expect(!result.stderr.contains("hunter2"), "a password in a URL never reaches the terminal")
    }

    /// The service runs from `/`: a path typed relative to the operator's directory would
    /// not be found there, so it is stored absolute.
    @Test(arguments: [["instances", "add"], ["instances", "edit", "contoso"]])
    func aRelativeSecretPathIsStoredAbsolute(_ command: [String]) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try FileManager.default.createDirectory(atPath: sandbox.directory.path("secrets"), withIntermediateDirectories: false)
        let secret = try sandbox.directory.write("secrets/other.secret", "s3cret\n")
        let arguments = command == ["instances", "add"]
            ? addArguments(sandbox, id: "fabrikam", url: "https://fabrikam.crm.dynamics.com").dropLast() + ["./secrets/other.secret"]
            : command + ["--client-secret-file", "secrets/../secrets/other.secret"]
        let result = try await sandbox.run(Array(arguments), currentDirectory: sandbox.directory.url.path)
        #expect(result.status == 0, "\(result.stderr)")
        let stored = try await sandbox.snapshot().instances.map(\.clientSecretFile)
        #expect(stored.contains(secret), "\(stored)")
    }

    @Test func aRelativeSecretPathThatDoesNotExistExits66NamingTheAbsolutePath() async throws {
        let sandbox = try CLISandbox()
        let arguments = addArguments(sandbox, id: "contoso", url: "https://contoso.crm.dynamics.com").dropLast() + ["./absent.secret"]
        let result = try await sandbox.run(Array(arguments), currentDirectory: sandbox.directory.url.path)
        #expect(result.status == 66, "\(result.stderr)")
        #expect(result.stderr.contains(sandbox.directory.path("absent.secret")), "\(result.stderr)")
        #expect(try await sandbox.snapshot().instances.isEmpty)
    }

    @Test func aBareCredentialNameOutsideTheServiceIsKeptWithANotice() async throws {
        let sandbox = try CLISandbox()
        let arguments = addArguments(sandbox, id: "contoso", url: "https://contoso.crm.dynamics.com").dropLast() + ["contoso"]
        let result = try await sandbox.run(Array(arguments))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("notice"), "\(result.stderr)")
        #expect(result.stderr.contains("LoadCredential"), "\(result.stderr)")
        #expect(result.stderr.contains("not checked"), "\(result.stderr)")
        #expect(try await sandbox.snapshot().instances.map(\.clientSecretFile) == ["contoso"])
    }

    @Test func aBareCredentialNameInsideTheServiceIsCheckedInItsDirectory() async throws {
        let sandbox = try CLISandbox()
        let arguments = addArguments(sandbox, id: "contoso", url: "https://contoso.crm.dynamics.com").dropLast() + ["missing"]
        let result = try await sandbox.run(Array(arguments), environment: ["CREDENTIALS_DIRECTORY": sandbox.directory.url.path])
        #expect(result.status == 66, "\(result.stderr)")
        #expect(result.stderr.contains(sandbox.directory.path("missing")), "\(result.stderr)")
    }

    /// R9 matched the deleted instance: it keeps its id, and the output says so.
    @Test func r9_reAssociatingUnderAnotherIdSaysWhichIdIsKept() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("org1")
        try await sandbox.succeed("instances", "delete", "org1")
        let stdout = try await sandbox.succeed(arguments: addArguments(sandbox, id: "org1b", url: "https://org1.crm.dynamics.com"))
        #expect(stdout.contains("re-associated with deleted instance 'org1': it keeps the id 'org1'"), "\(stdout)")
        #expect(stdout.contains("'org1b' was not used"), "\(stdout)")
        try await sandbox.succeed("instances", "delete", "org1")
        let json = try await sandbox.succeed(arguments: addArguments(sandbox, id: "org1b", url: "https://org1.crm.dynamics.com") + ["--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["requested_id"] as? String == "org1b")
        #expect((object["instance"] as? [String: Any])?["id"] as? String == "org1")
        #expect(object["reassociated"] as? Bool == true)
    }

    private func addArguments(_ sandbox: CLISandbox, id: String, url: String) -> [String] {
        ["instances", "add", "--id", id, "--name", id.capitalized, "--url", url, "--tenant-id", "tenant",
         "--client-id", "client", "--client-secret-file", sandbox.secretPath]
    }
}
