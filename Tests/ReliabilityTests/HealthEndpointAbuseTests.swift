import Foundation
import Glibc
import Testing
import TestSupport

/// The health endpoint of a running `socialsync run` under every kind of abuse at once
/// (issue 5, "Malformed input"): more idle connections than it keeps, senders that never
/// finish a request, a huge header, a request that is not HTTP, and a client pipelining
/// far more requests than the endpoint's rate. Meanwhile other clients are answered and
/// reconciliation goes on: a record deleted in Dataverse breaks its link as usual.
@Suite struct HealthEndpointAbuseTests {
    @Test func abusedEndpointKeepsAnsweringAndNeverStallsReconciliation() async throws {
        try await SimulatorProcess.run { simulator in
            let port = FreePort.loopback()
            let deployment = try ReliabilityDeployment(simulator: simulator, settings: [
                "listen": "\"127.0.0.1:\(port)\"", "poll_interval_seconds": "0.2", "verify_interval_seconds": "0.3",
                "health_requests_per_second": "20",
            ])
            _ = try await deployment.connect("abused", posts: 10, linked: 10)
            let daemon = try ChildProcess(
                BuiltProducts.path(of: "socialsync"), ["--config", deployment.configPath, "run"],
                errorLog: deployment.directory.url.appendingPathComponent("daemon.log"))
            // The daemon's owner is now the thread that runs this test's blocking calls.
            nonisolated(unsafe) let owned = daemon
            defer { owned.end(with: SIGKILL) }
            let observed = try await DedicatedThread.run { () -> (answers: [String: Int], flood: [Int]) in
                try Self.waitUntilServing(port)
                // Abuse, all of it kept open until the end of the test.
                let idle = try (0..<80).map { _ in try TestConnection(port: port) }
                let unfinished = try (0..<5).map { index in
                    let connection = try TestConnection(port: port)
                    try connection.send("GET /livez HTTP/1.1\r\nX-Never-Finished-\(index): ")
                    return connection
                }
                let flood = try TestConnection(port: port, timeoutSeconds: 30)
                try flood.send(String(repeating: "GET /metrics HTTP/1.1\r\n\r\n", count: 300))
                let huge = try TestConnection(port: port)
                try huge.send("GET /livez HTTP/1.1\r\nX-Huge: \(String(repeating: "h", count: 16 * 1024))\r\n\r\n")
                let notHTTP = try TestConnection(port: port)
                try notHTTP.send("\u{16}\u{03}\u{01} not http at all\r\n\r\n")

                // Other clients are answered, and the endpoint's answers are the right ones.
                var answers: [String: Int] = [:]
                answers["huge header"] = try huge.readResponse().status
                answers["not HTTP"] = try notHTTP.readResponse().status
                answers["livez"] = try TestConnection(port: port).get("/livez").status
                answers["metrics"] = try TestConnection(port: port).get("/metrics").status
                let floodAnswers = try (0..<5).map { _ in try flood.readResponse().status }
                _ = (idle, unfinished)
                return (answers, floodAnswers)
            }
            #expect(observed.answers == ["huge header": 431, "not HTTP": 400, "livez": 200, "metrics": 200])
            #expect(observed.flood == [200, 200, 200, 200, 200])

            // Reconciliation went on: a record deleted now is found and confirmed as usual.
            try await simulator.admin("DELETE", "orgs/abused/rows/incidents/\(ReliabilityDeployment.incident("abused", 3))", expect: 200)
            var state = ""
            for _ in 0..<120 where state != "broken(record_deleted)" {
                state = try await deployment.linkStates()["abused-p3"] ?? ""
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(state == "broken(record_deleted)", "daemon log: \(daemon.errorOutput.suffix(2000))")
            let end = try await DedicatedThread.run { owned.end(with: SIGTERM) }
            #expect(end == .exited(0))
        }
    }

    /// Waits (up to 20 s) for the endpoint to answer `/livez`.
    static func waitUntilServing(_ port: Int) throws {
        for _ in 0..<200 {
            if let answer = try? TestConnection(port: port, timeoutSeconds: 1).get("/livez"), answer.status == 200 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TestFailure(description: "the health endpoint on port \(port) never answered")
    }
}

extension TestConnection {
    /// One GET on this connection.
    func get(_ path: String) throws -> TestResponse {
        try send("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n")
        return try readResponse()
    }
}
