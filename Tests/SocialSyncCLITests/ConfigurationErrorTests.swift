import Foundation
import Testing
import TestSupport

/// interface.md "Configuration file": a configuration that cannot be used stops every
/// command with 78, naming the file and the key, before the store is touched.
@Suite("Configuration errors")
struct ConfigurationErrorTests {
    @Test func malformedConfigurationExits78NamingTheFile() async throws {
        let sandbox = try CLISandbox()
        let broken = try sandbox.directory.write("broken.json", #"{"store": "s.db", "listen": "#)
        let result = try await CLISandbox.run(["--config", broken, "instances", "list"])
        expectConfigurationError(result, naming: [broken])
        #expect(!FileManager.default.fileExists(atPath: sandbox.storePath))
    }

    @Test func unknownKeyExits78NamingTheKeyAndTheFile() async throws {
        let sandbox = try CLISandbox()
        let typo = try sandbox.directory.write("typo.json", #"{"store": "s.db", "listen": "", "pol_interval_seconds": 5}"#)
        let result = try await CLISandbox.run(["--config", typo, "posts", "list"])
        expectConfigurationError(result, naming: [typo, "pol_interval_seconds"])
        #expect(!FileManager.default.fileExists(atPath: sandbox.storePath))
    }

    @Test func valueOfTheWrongKindExits78NamingTheKey() async throws {
        let sandbox = try CLISandbox()
        let wrong = try sandbox.directory.write("wrong.json", #"{"store": "s.db", "confirmations": "two"}"#)
        expectConfigurationError(try await CLISandbox.run(["--config", wrong, "status"]), naming: [wrong, "confirmations"])
    }

    @Test func aVerificationModeCheckConfigDoesNotKnowExits78NamingTheKey() async throws {
        let sandbox = try CLISandbox()
        let wrong = try sandbox.directory.write("mode.json", #"{"store": "s.db", "listen": "", "verification_mode": "sometimes"}"#)
        expectConfigurationError(try await CLISandbox.run(["--config", wrong, "check-config"]), naming: [wrong, "verification_mode"])
    }

    @Test func storeThatCannotBeCreatedExits73NamingIt() async throws {
        let sandbox = try CLISandbox()
        let unreachable = sandbox.directory.path("missing-directory/s.db")
        let config = try sandbox.directory.write("elsewhere.json", #"{"store": "\#(unreachable)", "listen": ""}"#)
        let result = try await CLISandbox.run(["--config", config, "instances", "list"])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains(unreachable))
        #expect(result.stdout.isEmpty)
    }

    @Test func configFlagTakesTheEqualsForm() async throws {
        let sandbox = try CLISandbox()
        let result = try await CLISandbox.run(["--config=\(sandbox.configPath)", "check-config"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(sandbox.configPath))
    }

    @Test func missingConfigurationFileExits78NamingIt() async throws {
        let sandbox = try CLISandbox()
        let missing = sandbox.directory.path("nowhere.json")
        let result = try await CLISandbox.run(["--config", missing, "links", "list"])
        expectConfigurationError(result, naming: [missing])
    }

    @Test func checkConfigAcceptsAGoodFileAndNamesIt() async throws {
        let sandbox = try CLISandbox()
        let stdout = try await sandbox.succeed("check-config")
        #expect(stdout.contains(sandbox.configPath))
        #expect(stdout.contains(sandbox.storePath))
    }

    @Test func checkConfigRefusesAStoreThatIsADirectoryOrInAMissingFolder() async throws {
        let sandbox = try CLISandbox()
        try FileManager.default.createDirectory(atPath: sandbox.directory.path("data"), withIntermediateDirectories: false)
        for store in [sandbox.directory.path("data"), sandbox.directory.path("missing/s.db")] {
            let config = try sandbox.directory.write("store.json", #"{"store": "\#(store)", "listen": ""}"#)
            let result = try await CLISandbox.run(["--config", config, "check-config"])
            expectConfigurationError(result, naming: [config, "'store'", store])
        }
    }

    @Test func checkConfigRefusesAnUnknownKey() async throws {
        let sandbox = try CLISandbox()
        let typo = try sandbox.directory.write("typo.json", #"{"store": "s.db", "confirmation": 3}"#)
        expectConfigurationError(try await CLISandbox.run(["--config", typo, "check-config"]), naming: [typo, "confirmation"])
    }

    @Test func environmentVariableNamesTheConfigurationWhenNoFlagIsGiven() async throws {
        let sandbox = try CLISandbox()
        let broken = try sandbox.directory.write("broken.json", "{")
        expectConfigurationError(
            try await CLISandbox.run(["check-config"], environment: ["SOCIALSYNC_CONFIG": broken]), naming: [broken]
        )
        let good = try await CLISandbox.run(["check-config"], environment: ["SOCIALSYNC_CONFIG": sandbox.configPath])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains(sandbox.configPath))
        // The store the variable's file names is the one used.
        let added = try await CLISandbox.run(
            ["instances", "add", "--id", "env", "--name", "Env", "--url", "https://env.crm.dynamics.com", "--tenant-id", "t",
             "--client-id", "c", "--client-secret-file", sandbox.secretPath],
            environment: ["SOCIALSYNC_CONFIG": sandbox.configPath]
        )
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try await sandbox.snapshot().instances.map(\.id) == ["env"])
    }

    @Test func configFlagWinsOverTheEnvironmentVariable() async throws {
        let sandbox = try CLISandbox()
        let broken = try sandbox.directory.write("broken.json", "{")
        let result = try await CLISandbox.run(["--config", sandbox.configPath, "check-config"], environment: ["SOCIALSYNC_CONFIG": broken])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(sandbox.configPath))
    }

    private func expectConfigurationError(_ result: ProcessResult, naming: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 78, "\(result.stderr)", sourceLocation: sourceLocation)
        for expected in naming {
            #expect(result.stderr.contains(expected), "stderr does not name '\(expected)': \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
    }
}
