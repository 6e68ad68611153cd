import Foundation
import Testing
@testable import D365Sim
import TestSupport

/// `d365-sim --latency-ms`: every Web API answer waits that long, and the waits of
/// concurrent requests overlap, as against a distant instance; the admin API does not wait.
@Suite("Simulator latency")
struct SimulatorLatencyTests {
    /// Timing only bounds from below (a loaded machine only ever adds time): that the waits
    /// overlap is the simulator's own count of answers in flight at once, and that the admin
    /// API does not wait is the order in which the answers arrive.
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
            #expect(try await client.counters("far")["max_concurrent"] as? Int == 4, "the four waits overlapped")

            server.simulator.latency = .seconds(5)
            let adminFirst = try await DedicatedThread.run {
                let far = try TestConnection(port: port)
                try far.send(request)
                let admin = try TestConnection(port: port)
                try admin.send("GET /_admin/counters HTTP/1.1\r\n\r\n")
                let adminStatus = try admin.readResponse().status
                var pending: Int = 0
                _ = ioctl(far.descriptor, UInt(FIONREAD), &pending)
                return adminStatus == 200 && pending == 0
            }
            #expect(adminFirst, "the admin API answered while the Web API answer was still held")
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
