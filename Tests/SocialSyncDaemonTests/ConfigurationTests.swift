import Foundation
import Testing
import SocialSyncDaemon

/// The configuration file of interface.md: defaults, path resolution, strictness.
@Suite struct ConfigurationTests {
    private func parse(_ json: String, file: String = "/etc/socialsync/config.json") throws(ConfigurationError) -> Configuration {
        try ConfigurationLoader.parse(Data(json.utf8), file: file)
    }

    @Test func emptyObjectGivesTheDocumentedDefaults() throws {
        let configuration = try parse("{}")
        #expect(configuration.storePath == "/var/lib/socialsync/socialsync.db")
        #expect(configuration.listen == ListenAddress(host: "127.0.0.1", port: 9464))
        #expect(configuration.pollIntervalSeconds == 30)
        #expect(configuration.verifyIntervalSeconds == 300)
        #expect(configuration.confirmations == 2)
        #expect(configuration.requestTimeoutSeconds == 20)
        #expect(configuration.maxConcurrentRequestsPerInstance == 8)
        #expect(configuration.logFormat == .auto)
        #expect(configuration.logLevel == .info)
        #expect(configuration.healthRequestsPerSecond == 100)
        #expect(configuration.verificationMode == .auto)
    }

    /// The example shipped in config/ (and installed by the package) loads, and spells out
    /// exactly the defaults, so copying it changes nothing by surprise.
    @Test func theShippedExampleLoadsAndSpellsOutTheDefaults() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/config.example.json")
        var loaded = try ConfigurationLoader.load(path: example.path)
        #expect(loaded.sourceFile == example.path)
        loaded.sourceFile = nil
        #expect(loaded == Configuration.defaults)
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: example)) as? [String: Any]).keys
        #expect(keys.count == 12, "every key of docs/interface.md's table: \(keys.sorted())")
    }

    @Test func relativeStoreIsResolvedAgainstTheConfigFile() throws {
        let configuration = try parse(#"{"store":"data/../s.db","listen":"","log_format":"json","poll_interval_seconds":0.5}"#, file: "/srv/app/config.json")
        #expect(configuration.storePath == "/srv/app/s.db")
        #expect(configuration.listen == nil)
        #expect(configuration.logFormat == .json)
        #expect(configuration.pollIntervalSeconds == 0.5)
        #expect(try parse(#"{"health_requests_per_second":5}"#).healthRequestsPerSecond == 5)
        #expect(try parse(#"{"verification_mode":"table"}"#).verificationMode == .table)
        #expect(try parse(#"{"verification_mode":"ids"}"#).verificationMode == .ids)
    }

    @Test(arguments: [
        (#"{"poll_intervall_seconds":5}"#, "poll_intervall_seconds"),
        (#"{"confirmations":0}"#, "confirmations"),
        (#"{"confirmations":1.5}"#, "confirmations"),
        (#"{"confirmations":true}"#, "confirmations"),
        (#"{"poll_interval_seconds":-1}"#, "poll_interval_seconds"),
        (#"{"poll_interval_seconds":"30"}"#, "poll_interval_seconds"),
        (#"{"listen":"localhost"}"#, "listen"),
        (#"{"listen":"127.0.0.1:99999"}"#, "listen"),
        (#"{"log_level":"verbose"}"#, "log_level"),
        (#"{"log_format":"xml"}"#, "log_format"),
        (#"{"verification_mode":"both"}"#, "verification_mode"),
        (#"{"verification_mode":1}"#, "verification_mode"),
        (#"{"store":""}"#, "store"),
        (#"{"max_concurrent_requests_per_instance":100}"#, "max_concurrent_requests_per_instance"),
        (#"{"health_requests_per_second":0}"#, "health_requests_per_second"),
        (#"{"health_requests_per_second":2.5}"#, "health_requests_per_second"),
    ])
    func badValuesNameTheFileAndTheKey(json: String, key: String) {
        #expect {
            try parse(json)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.key == key && error.description.hasPrefix("/etc/socialsync/config.json: key '\(key)'")
        }
    }

    @Test func malformedJSONNamesTheFile() {
        #expect(throws: ConfigurationError(file: "/c.json", problem: "is not valid JSON")) { try parse("{", file: "/c.json") }
        #expect(throws: ConfigurationError(file: "/c.json", problem: "must be a JSON object")) { try parse("[]", file: "/c.json") }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: ConfigurationError(file: "/nonexistent/socialsync.json", problem: "cannot be read: no such file")) {
            try ConfigurationLoader.load(path: "/nonexistent/socialsync.json")
        }
    }

    @Test func pathComesFromFlagThenEnvironmentThenDefaultFile() {
        let environment = ["SOCIALSYNC_CONFIG": "/env.json"]
        #expect(ConfigurationLoader.resolvePath(flag: "/flag.json", environment: environment, fileExists: { _ in true }) == "/flag.json")
        #expect(ConfigurationLoader.resolvePath(flag: nil, environment: environment, fileExists: { _ in true }) == "/env.json")
        #expect(ConfigurationLoader.resolvePath(flag: nil, environment: [:], fileExists: { _ in true }) == Configuration.defaultFile)
        #expect(ConfigurationLoader.resolvePath(flag: nil, environment: [:], fileExists: { _ in false }) == nil)
    }

    @Test func listenAcceptsIPv6() {
        #expect(ListenAddress(parsing: "[::1]:9464") == ListenAddress(host: "::1", port: 9464))
        #expect(ListenAddress(parsing: "::1:9464") == nil)
        #expect(ListenAddress(host: "::1", port: 1).description == "[::1]:1")
    }
}
