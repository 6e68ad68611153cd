import Dataverse
import Foundation
import Glibc
import Testing
import TestSupport

/// Secrets never leave the secret file (README "Configuration"): not in logs,
/// command output, error messages, `/status`, `/metrics` or the store; and the exposure
/// defaults (loopback health endpoint, TLS verification) cannot be weakened.
@Suite struct SecretExposureTests {
    /// The simulator's access tokens: 64 lowercase hex digits (GUIDs have dashes, so they
    /// never match). A fresh token per request, so the scan looks for the format.
    static let tokenPattern = try! NSRegularExpression(pattern: "[0-9a-f]{64}")

    static func containsToken(_ bytes: Data) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        return tokenPattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test func neitherTheClientSecretNorAnAccessTokenIsEverShown() async throws {
        try await SimulatorProcess.run { simulator in
            let port = FreePort.loopback()
            let deployment = try ReliabilityDeployment(simulator: simulator, settings: [
                "listen": #""127.0.0.1:\#(port)""#, "poll_interval_seconds": "1", "log_level": #""debug""#,
            ])
            let organization = try await deployment.connect("contoso", posts: 20, linked: 15)
            try await deployment.run(["links", "create", "--post", ReliabilityDeployment.post("contoso", 15), "--instance", "contoso", "--record-type", "incident"])
            try await deployment.run(["links", "create", "--post", ReliabilityDeployment.post("contoso", 16), "--instance", "contoso", "--record-type", "incident", "--dry-run"])

            // The scan can fail: a token of the same credentials has the format it looks for.
            let token = try await Self.accessToken(simulator, organization)
            #expect(Self.containsToken(Data(token.utf8)), "token format changed: \(token.count) characters")

            try await deployment.reconcile(times: 2)
            // Errors about credentials and tokens: revoked, then a wrong secret.
            try await simulator.setFault(organization, ["kind": "revoke"])
            try await deployment.reconcile(times: 2)
            try await simulator.clearFault(organization)
            let wrongSecret = try deployment.directory.write("wrong.secret", "not-the-secret\n")
            try await deployment.run(["instances", "edit", "contoso", "--client-secret-file", wrongSecret])
            try await deployment.reconcile(times: 1)
            try await deployment.run(["instances", "edit", "contoso", "--client-secret-file", deployment.directory.path("contoso.secret")])
            for command in [["status", "--json"], ["instances", "show", "contoso", "--json"], ["links", "show", ReliabilityDeployment.post("contoso", 15), "--json"]] {
                try await deployment.run(command)
            }

            let daemonLog = deployment.directory.url.appendingPathComponent("daemon.log")
            let daemon = try ChildProcess(BuiltProducts.path(of: "socialsync"), ["--config", deployment.configPath, "run"], errorLog: daemonLog)
            let health = URL(string: "http://127.0.0.1:\(port)")!
            var ready = false
            for _ in 0..<100 where !ready {
                ready = (try? await Self.get(simulator, health.appendingPathComponent("readyz")))?.status == 200
                if !ready { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(ready, "the daemon became ready: \(daemon.errorOutput)")
            // A token refresh while the daemon runs (the revoked generation is gone): one refused
            // under the revocation, one granted once it is lifted.
            let revoked = try await Self.tokenRequested(simulator, organization) { try await simulator.setFault(organization, ["kind": "revoke"]) }
            #expect(revoked, "the daemon asked for a token under the revocation: \(daemon.errorOutput)")
            let lifted = try await Self.tokenRequested(simulator, organization) { try await simulator.clearFault(organization) }
            #expect(lifted, "the daemon asked for a token once it was lifted: \(daemon.errorOutput)")
            let status = try await Self.get(simulator, health.appendingPathComponent("status"))
            let metrics = try await Self.get(simulator, health.appendingPathComponent("metrics"))
            let storeWhileRunning = [deployment.storePath, deployment.storePath + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }
            // The daemon's owner is now the thread that waits for it to end.
            nonisolated(unsafe) let owned = daemon
            let end = try await DedicatedThread.run { owned.end(with: SIGTERM) }
            #expect(end == .exited(0))
            #expect(String(decoding: metrics.body, as: UTF8.self).contains("socialsync_token_refreshes_total"), "the daemon did fetch tokens")

            var artifacts: [(String, Data)] = deployment.transcript.enumerated().map { ("command output #\($0.offset)", Data($0.element.utf8)) }
            artifacts.append(("daemon stderr", try Data(contentsOf: daemonLog)))
            artifacts.append(("/status", status.body))
            artifacts.append(("/metrics", metrics.body))
            artifacts += storeWhileRunning.enumerated().map { ("store file bytes while running #\($0.offset)", $0.element) }
            artifacts += [deployment.storePath, deployment.storePath + "-wal"].compactMap { path in FileManager.default.contents(atPath: path).map { (path, $0) } }
            #expect(artifacts.count > 10)
            let secretBytes = Data(organization.secret.utf8)
            for (name, bytes) in artifacts {
                #expect(bytes.range(of: secretBytes) == nil, "the client secret appears in \(name)")
                #expect(!Self.containsToken(bytes), "an access token appears in \(name)")
            }
        }
    }

    @Test func aSecretFileReadableByOthersGivesAWarningNamingIt() async throws {
        try await SimulatorProcess.run { simulator in
            let deployment = try ReliabilityDeployment(simulator: simulator)
            let secret = try deployment.directory.write("open.secret", "secret\n", permissions: 0o644)
            let added = try await deployment.run([
                "instances", "add", "--id", "open", "--name", "Open", "--url", "https://example.test/org", "--tenant-id", "t", "--client-id", "c",
                "--client-secret-file", secret,
            ])
            #expect(added.stderr.contains("warning") && added.stderr.contains(secret), "\(added.stderr)")
            let privateSecret = try deployment.directory.write("private.secret", "secret\n", permissions: 0o600)
            let quiet = try await deployment.run(["instances", "edit", "open", "--client-secret-file", privateSecret])
            #expect(!quiet.stderr.contains("warning"), "\(quiet.stderr)")
        }
    }

    @Test func theHealthEndpointListensOnLoopbackByDefault() async throws {
        let directory = TemporaryDirectory("reliability")
        let config = try directory.write("config.json", #"{"store":"store.db"}"#)
        let result = try await DedicatedThread.run { try ProcessRunner.run(BuiltProducts.path(of: "socialsync"), ["--config", config, "check-config"]) }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("listen: 127.0.0.1:9464"), "\(result.stdout)")
    }

    @Test func plainHTTPToANonLoopbackHostIsRefused() async throws {
        let directory = TemporaryDirectory("reliability")
        let config = try directory.write("config.json", #"{"store":"store.db"}"#)
        let secret = try directory.write("s.secret", "secret\n")
        let cases: [(url: String, status: Int32)] = [("http://crm.example.com/org", 65), ("http://10.0.0.1/org", 65), ("http://127.0.0.1:1/org", 0), ("https://crm.example.com/org", 0)]
        for (url, status) in cases {
            let arguments = ["--config", config, "instances", "add", "--id", "i\(status)\(url.count)", "--name", "I", "--url", url, "--tenant-id", "t", "--client-id", "c", "--client-secret-file", secret]
            let result = try await DedicatedThread.run { try ProcessRunner.run(BuiltProducts.path(of: "socialsync"), arguments) }
            #expect(result.status == status, "\(url): \(result.stderr)")
            if status != 0 { #expect(result.stderr.contains("loopback"), "\(url): \(result.stderr)") }
        }
    }

    /// Reads the source tree: no libcurl option that verifies TLS is ever set to 0.
    @Test func noSourceTurnsTLSVerificationOff() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        let disabling = try NSRegularExpression(pattern: #"CURLOPT_(SSL_VERIFYPEER|SSL_VERIFYHOST|PROXY_SSL_VERIFYPEER|PROXY_SSL_VERIFYHOST)\s*,\s*0\b|CURLSSLOPT_NO_REVOKE|CURLOPT_SSL_VERIFYSTATUS\s*,\s*0"#)
        var settings = 0
        for case let file as URL in enumerator where ["swift", "h", "c"].contains(file.pathExtension) {
            let text = try String(contentsOf: file, encoding: .utf8)
            settings += text.components(separatedBy: "CURLOPT_SSL_VERIFY").count - 1
            #expect(disabling.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil, "\(file.path) weakens TLS verification")
        }
        #expect(settings >= 2, "the transport sets VERIFYPEER and VERIFYHOST explicitly")
    }

    static func accessToken(_ simulator: SimulatorProcess, _ organization: SimulatorProcess.Organization) async throws -> String {
        let form = "grant_type=client_credentials&client_id=\(organization.clientID)&client_secret=\(organization.secret)&scope=\(organization.instanceURL.absoluteString)/.default"
        let request = HTTPRequest(
            method: "POST", url: organization.tokenURL, headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")], body: Data(form.utf8))
        let response = try await simulator.transport.send(request).get()
        let answer = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        return try #require(answer?["access_token"] as? String, "token endpoint: \(String(decoding: response.body, as: UTF8.self))")
    }

    /// Whether the daemon asks the token endpoint for a token after `change`; counted from
    /// before it, so a request the change provokes at once is not missed.
    static func tokenRequested(
        _ simulator: SimulatorProcess, _ organization: SimulatorProcess.Organization, after change: () async throws -> Void
    ) async throws -> Bool {
        let before = try await simulator.counters(organization)["token_requests"] as? Int ?? 0
        try await change()
        return try await eventually { try await simulator.counters(organization)["token_requests"] as? Int ?? 0 > before }
    }

    static func get(_ simulator: SimulatorProcess, _ url: URL) async throws -> HTTPResponse {
        try await simulator.transport.send(HTTPRequest(method: "GET", url: url, timeoutSeconds: 5)).get()
    }
}
