import Foundation
import Testing
import TestSupport

/// interface.md "Command line": usage errors exit 64 with the usage on stderr, `--help`
/// works on every command, and `--json` prints exactly one JSON value. The list of
/// commands comes from `socialsync --help`, so a new command is covered without editing
/// these tests.
@Suite("Usage")
struct UsageTests {
    @Test func unknownCommandExits64WithUsage() async throws {
        let sandbox = try CLISandbox()
        let result = try await sandbox.expectRefused(["frobnicate", "now"], exit: 64, naming: ["frobnicate"])
        #expect(result.stderr.contains("usage:"), "\(result.stderr)")
    }

    /// A misspelt global option must not pass for a request for help (exit 0).
    @Test func unknownOptionBeforeTheCommandExits64() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.expectRefused(["--jsn", "links", "list"], exit: 64, naming: ["--jsn", "usage:"])
    }

    @Test func incompleteCommandExits64ListingTheGroup() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.expectRefused(["links", "explode"], exit: 64, naming: ["links explode", "usage:", "links unlink"])
    }

    @Test func unknownOptionExits64WithTheCommandsUsage() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.expectRefused(["posts", "list", "--everything"], exit: 64, naming: ["--everything", "usage: socialsync posts list"])
    }

    @Test func missingRequiredOptionExits64NamingIt() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.expectRefused(["links", "unlink"], exit: 64, naming: ["--post", "usage: socialsync links unlink"])
        try await sandbox.expectRefused(["instances", "add", "--id", "contoso", "--name", "Contoso"], exit: 64, naming: ["--url", "usage: socialsync instances add"])
    }

    @Test func missingOrExtraArgumentExits64WithUsage() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.expectRefused(["instances", "show"], exit: 64, naming: ["ID", "usage: socialsync instances show"])
        try await sandbox.expectRefused(["rules", "list", "extra"], exit: 64, naming: ["extra", "usage: socialsync rules list"])
    }

    @Test func optionValueMissingExits64() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.expectRefused(["links", "list", "--state"], exit: 64, naming: ["--state"])
        let missingConfig = try await CLISandbox.run(["--config"])
        #expect(missingConfig.status == 64)
        #expect(missingConfig.stderr.contains("--config"))
        #expect(missingConfig.stdout.isEmpty)
    }

    /// What packaging, support and `dpkg -s` compare against; it needs no configuration.
    @Test func versionPrintsTheVersionAndExits0() async throws {
        for arguments in [["--version"], ["--config", "/nonexistent/socialsync.json", "--version"]] {
            let result = try await CLISandbox.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout == "socialsync 0.2.0\n", "\(arguments)")
            #expect(result.stderr.isEmpty)
        }
        try await CLISandbox().expectRefused(["--version", "status"], exit: 64, naming: ["--version"])
    }

    @Test func helpWorksOnEveryCommandEvenWithoutAConfiguration() async throws {
        let commands = try await Self.commands()
        #expect(commands.count >= 20, "\(commands)")
        for command in commands {
            for helpFlag in ["--help", "-h"] {
                let result = try await CLISandbox.run(["--config", "/nonexistent/socialsync.json"] + command + [helpFlag])
                #expect(result.status == 0, "\(command) \(helpFlag): \(result.stderr)")
                #expect(result.stdout.contains("usage: socialsync \(command.joined(separator: " "))"), "\(command): \(result.stdout)")
            }
        }
    }

    @Test func topLevelHelpListsCommandsOnStdout() async throws {
        for arguments in [["--help"], []] {
            let result = try await CLISandbox.run(arguments)
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix("usage: socialsync"))
            #expect(result.stderr.isEmpty)
        }
    }

    /// Every command whose help offers `--json`, on a store with one of everything.
    @Test func jsonPrintsExactlyOneJSONValueForEveryCommandOfferingIt() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso", "--default")
        try await sandbox.importPosts(["p1", "p2"])
        try await sandbox.importLinks([("p1", "contoso")])
        try await sandbox.succeed("rules", "add", "--id", "route", "--instance", "contoso")
        let arguments: [String: [String]] = [
            "instances list": [], "instances show": ["contoso"], "posts list": [], "links list": [], "links show": ["p1"],
            "rules list": [], "rules test": ["--match", "source:twitter"], "status": [],
            "instances add": ["--id", "fabrikam", "--name", "Fabrikam", "--url", "https://fabrikam.crm.dynamics.com", "--tenant-id", "t",
                              "--client-id", "c", "--client-secret-file", sandbox.secretPath],
        ]
        for command in try await Self.commands() where try await Self.offersJSON(command) {
            let name = command.joined(separator: " ")
            if LiveInstanceTests.jsonCommands.contains(name) { continue }
            guard let extra = arguments[name] else {
                Issue.record("'\(name)' offers --json: give it arguments here or in LiveInstanceTests")
                continue
            }
            let result = try await sandbox.run(command + extra + ["--json"])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(Self.isOneJSONValue(result.stdout), "\(name) --json printed: \(result.stdout)")
        }
    }

    @Test func emptyListingsAreEmptyJSONArrays() async throws {
        let sandbox = try CLISandbox()
        for listing in [["instances", "list"], ["posts", "list"], ["posts", "list", "--available"], ["links", "list"], ["rules", "list"]] {
            #expect(try await sandbox.succeed(arguments: listing + ["--json"]).trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(listing)")
        }
    }

    /// The commands `socialsync --help` lists, each as its words.
    static func commands() async throws -> [[String]] {
        let help = try await CLISandbox.run(["--help"]).stdout
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "commands:") else { return [] }
        return lines[(start + 1)...]
            .prefix { !$0.isEmpty }
            .compactMap { line in line.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ").first }
            .map { $0.split(separator: " ").map(String.init) }
    }

    static func offersJSON(_ command: [String]) async throws -> Bool {
        let help = try await CLISandbox.run(command + ["--help"]).stdout
        return help.split(separator: "\n").first?.contains("[--json]") ?? false
    }

    /// True when `text` is one JSON value and nothing else (JSONSerialization refuses
    /// anything after the value).
    static func isOneJSONValue(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil
    }

    @Test func oneJSONValueCheckRefusesTwoValues() {
        #expect(Self.isOneJSONValue("[1,\n2]\n"))
        #expect(!Self.isOneJSONValue("[1]\n[2]\n"))
        #expect(!Self.isOneJSONValue("added instance 'x'\n"))
        #expect(!Self.isOneJSONValue(""))
    }
}
