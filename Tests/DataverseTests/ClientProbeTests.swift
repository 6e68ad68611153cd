@testable import Dataverse
import TestSupport
import Foundation
import SocialSyncCore
import Testing

@Suite("Probe verdicts against d365-sim")
struct ClientProbeTests {
    @Test func healthyProbeLearnsOrganizationAndLanguage() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("healthy")
            let probe = try await sim.client(org).probe()
            #expect(probe.verdict == .healthy)
            #expect(probe.organizationID == org.organizationID.lowercased())
            #expect(probe.language == "1033")
        }
    }

    /// Each documented failure maps to its verdict (dataverse.md, behaviour.md).
    @Test("faults map to verdicts", arguments: [
        ("down", Verdict.down), ("http500", .down), ("http502", .down), ("http504", .down), ("maintenance", .down),
        ("disabled", .expired), ("expired", .expired), ("app_blocked", .unauthorized), ("malformed", .malformed),
        ("wrong_shape", .malformed), ("truncated", .down), ("reset", .down), ("refuse", .down),
    ])
    func faultVerdicts(kind: String, expected: Verdict) async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("faulty")
            try await sim.setFault(org, ["kind": kind])
            let probe = try await sim.client(org).probe()
            #expect(probe.verdict == expected, "\(kind): \(probe.detail)")
            #expect(!probe.detail.contains(org.secret))
        }
    }

    @Test func slowAnswerTimesOutAsDown() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("slow")
            let client = try sim.client(org, timeout: 0.5)
            _ = await client.probe()
            try await sim.setFault(org, ["kind": "slow", "delay_ms": 3000])
            let probe = await client.probe()
            #expect(probe.verdict == .down)
            #expect(probe.detail.contains("timeout"))
        }
    }

    @Test func hugeAnswerIsRejectedAsTooLargeNotACrash() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("huge")
            let small = try CurlTransport(configuration: .init(maxResponseBytes: 1 << 20))
            // Generous: a debug simulator under the whole suite once took over 30 s to start an 8 MiB answer.
            let client = try sim.client(org, timeout: 120, transport: small)
            try await sim.setFault(org, ["kind": "huge", "size_bytes": 8 << 20])
            let probe = await client.probe()
            #expect(probe.verdict == .malformed)
            #expect(probe.detail.contains("responseTooLarge"))
            try await sim.clearFault(org)
            #expect(await client.probe().verdict == .healthy)
        }
    }

    @Test func revokedCredentialsAreUnauthorizedAndTheSecretIsNeverShown() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("revoked")
            let client = try sim.client(org)
            #expect(await client.probe().verdict == .healthy)
            try await sim.setFault(org, ["kind": "revoke"])
            let probe = await client.probe()
            #expect(probe.verdict == .unauthorized)
            #expect(probe.detail.contains("invalid_client"))
            #expect(!probe.detail.contains(org.secret) && !String(reflecting: probe).contains(org.secret))
        }
    }

    @Test func wrongSecretIsUnauthorizedWithoutEchoingIt() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("wrongsecret")
            let tokens = TokenProvider(tokenURL: org.tokenURL, clientID: org.clientID, instanceURL: org.instanceURL, transport: sim.transport) {
                ClientSecret("not-the-secret-XYZZY")
            }
            let error = await #expect(throws: TokenError.self) { try await tokens.token() }
            #expect(error?.evidence.verdict == .unauthorized)
            #expect(error?.evidence.errorCode == "invalid_client")
            #expect(error.map { "\($0)" }?.contains("XYZZY") == false)
        }
    }

    @Test func oneTokenServesManyCallsAndA401RefreshesOnce() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("tokens")
            let client = try sim.client(org)
            for _ in 0..<10 { #expect(await client.probe().verdict == .healthy) }
            #expect(try await sim.counters(org)["token_requests"] as? Int == 1)
            // Revoking ends every token issued so far; once the credentials work again the
            // client's cached token answers 401, which must cost exactly one refresh.
            try await sim.setFault(org, ["kind": "revoke"])
            try await sim.clearFault(org)
            #expect(await client.probe().verdict == .healthy)
            #expect(try await sim.counters(org)["token_requests"] as? Int == 2)
        }
    }

    @Test func throttlingIsHonouredWithoutSendingEarly() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("throttled")
            // Both clocks move by hand: a stall of the machine cannot end the Retry-After early.
            let clock = ManualClock()
            let client = try sim.client(org, clock: { clock.now })
            #expect(await client.probe().verdict == .healthy)
            try await sim.setFault(org, ["kind": "throttle", "retry_after": 2])
            let throttled = await client.probe()
            #expect(throttled.verdict == .throttled)
            #expect(throttled.retryAfterSeconds == 2)
            try await sim.clearFault(org)
            let sent = try await sim.counters(org)["requests"] as? Int
            // Asked again before Retry-After elapsed: answered at once, nothing sent.
            #expect(await client.probe().verdict == .throttled)
            #expect(await client.observeActivities([testGUID(1, 1)]) == [testGUID(1, 1): .unknown])
            #expect(try await sim.counters(org)["requests"] as? Int == sent)
            // The deadline survives a restart through the store: a new client seeded with it waits too.
            let deadline = try #require(await client.throttleDeadline())
            let restarted = try sim.client(org, clock: { clock.now })
            await restarted.seedThrottleDeadline(deadline)
            #expect(await restarted.probe().verdict == .throttled)
            clock.advance(2.1)
            try await sim.admin("POST", "clock/advance", ["seconds": 3], expect: 200)
            #expect(await client.probe().verdict == .healthy)
            #expect(await client.throttleDeadline() == nil)
            #expect(try await sim.counters(org)["requests_during_retry_after"] as? Int == 0)
        }
    }

    @Test func concurrencyStaysUnderTheCap() async throws {
        try await SimulatorProcess.run { sim in
            let org = try await sim.createOrganization("capped")
            let client = try sim.client(org, maxConcurrent: 3)
            #expect(await client.probe().verdict == .healthy)
            try await sim.setFault(org, ["kind": "slow", "delay_ms": 100])
            try await sim.resetCounters()
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<12 { group.addTask { _ = await client.probe() } }
            }
            let peak = try await sim.counters(org)["max_concurrent"] as? Int
            #expect(peak == 3)
        }
    }
}
