import Foundation
import Testing
@testable import D365Sim
import TestSupport

/// `d365-sim --latency-ms`: every Web API answer waits that long, and the waits of
/// concurrent requests overlap, as against a distant instance; the admin API does not wait.
@Suite("Simulator latency")
struct SimulatorLatencyTests {
    @Test func everyWebAPIAnswerWaitsAndConcurrentRequestsOverlapTheirWaits() async throws {
        try await withSimulator { client, server in
            try await client.createOrganization("far")
            let token = try await client.token("far")
            server.simulator.latency = .milliseconds(400)
            let port = client.port
            let request = "GET /far/api/data/v9.2/WhoAmI HTTP/1.1\r\nAuthorization: Bearer \(token)\r\n\r\n"
            let (statuses, seconds) = try await DedicatedThread.run {
                let started = ContinuousClock.now
                let connections = try (0..<4).map { _ in try TestConnection(port: port) }
                for connection in connections { try connection.send(request) }
                let statuses = try connections.map { try $0.readResponse().status }
                return (statuses, (ContinuousClock.now - started) / .seconds(1))
            }
            #expect(statuses == [200, 200, 200, 200])
            #expect(seconds >= 0.4, "each answer waited the latency: \(seconds) s")
            #expect(seconds < 1.6, "four waits overlapped instead of adding up: \(seconds) s")
            #expect(try await client.counters("far")["max_concurrent"] as? Int == 4)

            let admin = ContinuousClock.now
            _ = try await client.counters("far")
            #expect(ContinuousClock.now - admin < .milliseconds(400), "the admin API answers at once")
        }
    }

    @Test func theAdminAPISetsAndClearsTheLatency() async throws {
        try await withSimulator { client, server in
            let set = try await client.request("PUT", "/_admin/latency", body: #"{"ms":150}"#)
            #expect(set.status == 200)
            #expect(server.simulator.latency == .milliseconds(150))
            #expect(try await client.request("PUT", "/_admin/latency", body: #"{"ms":-5}"#).status == 400)
            #expect(try await client.request("PUT", "/_admin/latency", body: #"{"ms":0}"#).status == 200)
            #expect(server.simulator.latency == .zero)
        }
    }

    @Test func theOptionParsesAndRefusesNonsense() throws {
        #expect(try SimulatorOptions(arguments: ["--latency-ms", "150"]).latencyMilliseconds == 150)
        #expect(try SimulatorOptions(arguments: []).latencyMilliseconds == 0)
        for bad in [["--latency-ms"], ["--latency-ms", "-1"], ["--latency-ms", "soon"]] {
            #expect(throws: SimulatorError.self, "\(bad)") { try SimulatorOptions(arguments: bad) }
        }
    }
}
