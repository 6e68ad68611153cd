import Foundation
import Testing
import TestSupport

/// Automation rules that route posts in `posts import` (R40-R43).
@Suite("Routing posts by automation rules")
struct RoutingTests {
    /// A post line with the fields rules look at.
    static func post(_ id: String, source: String = "twitter", sentiment: String = "-1", tags: [String] = [], text: String = "help") -> String {
        let tagList = tags.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"id":"\#(id)","url":"https://example.test/\#(id)","author":"Ann","text":"\#(text)","sentiment":\#(sentiment),"tags":[\#(tagList)],"source":"\#(source)","published_at":"2024-05-01T10:00:00Z"}"#
    }

    static func importLines(_ sandbox: CLISandbox, _ lines: [String]) async throws -> String {
        let file = try sandbox.directory.write("posts-\(UUID().uuidString).jsonl", lines.joined(separator: "\n") + "\n")
        return try await sandbox.succeed("posts", "import", file)
    }

    @Test func r40_anImportedPostMatchingAnActiveRuleIsQueuedToItsInstanceNamingTheRule() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.succeed("rules", "add", "--id", "complaints", "--instance", "contoso", "--record-type", "incident", "--match", "sentiment:negative -tag:spam")
        let output = try await Self.importLines(sandbox, [
            Self.post("angry"), Self.post("happy", sentiment: "1"), Self.post("spam", tags: ["Spam"]),
        ])
        #expect(output.contains("imported 3 posts") && output.contains("routed 1 post (complaints 1)"), "\(output)")
        let links = try await sandbox.links(ofPost: "angry")
        try #require(links.count == 1)
        #expect(links[0]["state"] as? String == "pending" && links[0]["instance"] as? String == "contoso" && links[0]["record_entity"] as? String == "incident")
        #expect(try await sandbox.links(ofPost: "happy").isEmpty)
        #expect(try await sandbox.links(ofPost: "spam").isEmpty)
        let shown = try await sandbox.jsonObjects("links", "show", "angry", "--json")
        let journal = try #require(shown.first?["journal"] as? [[String: Any]])
        #expect(journal.first?["actor"] as? String == "rule:complaints")
        let snapshot = try await sandbox.snapshot()
        #expect(snapshot.outboxCount == 1, "the creation waits in the outbox for the daemon")
        let rules = try await sandbox.jsonObjects("rules", "list", "--json")
        #expect(rules.first?["routed"] as? Int == 1)
        #expect(rules.first?["activated_at"] as? String != nil)
    }

    @Test func r41_onlyTheMostRecentlyActivatedMatchingRuleActs() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.addInstance("fabrikam")
        try await sandbox.succeed("rules", "add", "--id", "first", "--instance", "contoso")
        try await sandbox.succeed("rules", "add", "--id", "second", "--instance", "fabrikam", "--record-type", "lead")
        _ = try await Self.importLines(sandbox, [Self.post("p1")])
        #expect(try await sandbox.links(ofPost: "p1").first?["instance"] as? String == "fabrikam")
        try await sandbox.succeed("rules", "activate", "first")
        let output = try await Self.importLines(sandbox, [Self.post("p2")])
        #expect(output.contains("routed 1 post (first 1)"), "activating again makes a rule the newest: \(output)")
        #expect(try await sandbox.links(ofPost: "p2").first?["instance"] as? String == "contoso")
        let routed = Dictionary(uniqueKeysWithValues: try await sandbox.jsonObjects("rules", "list", "--json").map { ($0["id"] as? String ?? "", $0["routed"] as? Int ?? -1) })
        #expect(routed == ["first": 1, "second": 1])
    }

    @Test func r42_postsImportedBeforeARulesActivationAreNeverRoutedByIt() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        _ = try await Self.importLines(sandbox, [Self.post("early")])
        try await sandbox.succeed("rules", "add", "--id", "all", "--instance", "contoso")
        _ = try await Self.importLines(sandbox, [Self.post("late")])
        #expect(try await sandbox.links(ofPost: "early").isEmpty)
        #expect(try await sandbox.links(ofPost: "late").count == 1)
        try await sandbox.succeed("rules", "deactivate", "all")
        _ = try await Self.importLines(sandbox, [Self.post("after")])
        #expect(try await sandbox.links(ofPost: "after").isEmpty, "an inactive rule routes nothing")
    }

    @Test func r40_aFailedImportRoutesNothing() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.succeed("rules", "add", "--id", "all", "--instance", "contoso")
        let file = try sandbox.directory.write("bad.jsonl", Self.post("ok") + "\nnot json\n")
        try await sandbox.expectRefused(["posts", "import", file], exit: 65, naming: ["line 2"])
        #expect(try await sandbox.jsonObjects("rules", "list", "--json").first?["routed"] as? Int == 0)
    }

    @Test(arguments: [
        ("colour:red", "colour"), ("printer", "printer"), ("sentiment:angry", "angry"), (#"text:"open"#, #"text:"open"#),
    ])
    func r40_anExpressionThatDoesNotParseIsRefusedWith64NamingTheTerm(_ match: String, _ named: String) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.expectRefused(["rules", "add", "--id", "r", "--instance", "contoso", "--match", "tag:ok \(match)"], exit: 64, naming: [named])
        try await sandbox.expectRefused(["rules", "test", "--match", match], exit: 64, naming: [named])
    }

    @Test func rulesTestListsTheAvailablePostsAnExpressionWouldRouteAndActivatesNothing() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        _ = try await Self.importLines(sandbox, [
            Self.post("fb", source: "facebook"), Self.post("tw"), Self.post("fb-linked", source: "facebook"),
        ])
        try await sandbox.importLinks([(post: "fb-linked", instance: "contoso")])
        let before = try await sandbox.snapshot()
        let listed = try await sandbox.jsonObjects("rules", "test", "--match", "source:facebook", "--json").compactMap { $0["id"] as? String }
        #expect(listed == ["fb"], "a linked post is not available")
        let text = try await sandbox.run(["rules", "test", "--match", "source:twitter,facebook"])
        #expect(text.status == 0 && text.stdout == "fb\ntw\n" && text.stderr.contains("2 available post(s) match"), "\(text)")
        #expect(try await sandbox.snapshot() == before)
    }
}
