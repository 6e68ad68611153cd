import Testing
import TestSupport

/// `rules ...`: automation rules, whose targets must accept new links (R6).
@Suite("Rule commands")
struct RuleCommandTests {
    @Test func duplicateRuleIdExits65NamingIt() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.succeed("rules", "add", "--id", "route", "--instance", "contoso")
        try await sandbox.expectRefused(["rules", "add", "--id", "route", "--instance", "contoso", "--inactive"], exit: 65, naming: ["route"])
    }

    @Test(arguments: [["rules", "activate", "ghost"], ["rules", "deactivate", "ghost"], ["rules", "delete", "ghost"]])
    func unknownRuleExits65NamingIt(_ arguments: [String]) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.succeed("rules", "add", "--id", "route", "--instance", "contoso")
        try await sandbox.expectRefused(arguments, exit: 65, naming: ["ghost"])
    }

    @Test(arguments: ["--id", "--record-type"])
    func addRefusesAnEmptyValueNamingTheOption(_ option: String) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.expectEmptyValueRefused(
            ["rules", "add", "--id", "route", "--instance", "contoso", "--record-type", "incident"], option: option)
    }

    @Test func ruleForAnUnknownInstanceExits65NamingIt() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.expectRefused(["rules", "add", "--id", "route", "--instance", "ghost"], exit: 65, naming: ["ghost"])
    }

    @Test func r6_anActiveRuleNeedsAnInstanceThatAcceptsLinks() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso", "--disabled")
        try await sandbox.expectRefused(["rules", "add", "--id", "route", "--instance", "contoso"], exit: 65, naming: ["contoso", "disabled"])
        try await sandbox.succeed("rules", "add", "--id", "route", "--instance", "contoso", "--inactive")
        try await sandbox.expectRefused(["rules", "activate", "route"], exit: 65, naming: ["contoso", "disabled"])
    }

    @Test func rulesListShowsActivationChanges() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.succeed("rules", "add", "--id", "route", "--instance", "contoso", "--record-type", "Lead", "--match", "tag:sales")
        try await sandbox.succeed("rules", "deactivate", "route")
        let rules = try await sandbox.jsonObjects("rules", "list", "--json")
        try #require(rules.count == 1)
        #expect(rules[0]["id"] as? String == "route")
        #expect(rules[0]["instance"] as? String == "contoso")
        #expect(rules[0]["record_type"] as? String == "lead")
        #expect(rules[0]["match"] as? String == "tag:sales")
        #expect(rules[0]["active"] as? Bool == false)
    }

    @Test func addRefusesARecordTypeOutsideTheLogicalNameSyntax() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.expectRefused(
            ["rules", "add", "--id", "route", "--instance", "contoso", "--record-type", "in cident/../x"], exit: 64, naming: ["--record-type", "logical name"])
    }
}
