import Foundation
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore
import Testing
import TestSupport

/// What an iteration came to decides what the loop does next: only a deleted instance ends
/// it; one the daemon cannot connect to keeps its loop and reads as down.
@Suite("Loop outcomes", .serialized)
struct LoopOutcomeTests {
    /// A bare credential name outside systemd (no `CREDENTIALS_DIRECTORY`) is a fault the
    /// operator fixes in place: the loop goes on, `instance_up` reads 0, the cause is logged
    /// once rather than every round, and the instance is polled again once it is fixed.
    @Test func r10_anInstanceThatCannotConnectKeepsItsLoopAndReadsDown() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 1)
            let secretFile = try await harness.store.read { try #require(try $0.instances.get(EngineHarness.instanceID)).clientSecretFile }
            try await Self.setSecret("contoso-secret", harness)
            let running = try await harness.startEngine()
            try await Self.eventually { harness.events.all.count(where: Self.isUnreachable) >= 4 }

            let registry = MetricsRegistry()
            let metrics = MetricsSink(registry: registry)
            for event in harness.events.all { metrics.record(event) }
            #expect(registry.value(SocialSyncMetrics.instanceUp, labels: [EngineHarness.instanceID]) == 0)
            #expect(harness.events.all.count(where: Self.isConnectionFailure) == 1, "the cause is logged once, not every round")
            #expect(!harness.events.all.contains(where: Self.isRetirement))
            #expect(harness.engine.connectionFailures[EngineHarness.instanceID] != nil, "/status says why")

            try await Self.setSecret(secretFile, harness)
            try await Self.eventually { harness.events.all.contains(where: Self.isHealthyProbe) }
            try await Self.eventually { harness.engine.connectionFailures.isEmpty }
            running.cancel()
            await running.value
            #expect(!harness.events.all.contains(where: Self.isRetirement))
            #expect(harness.events.all.count(where: Self.isConnectionFailure) == 1)
            #expect(try await harness.verdict() == .healthy)
        }
    }

    /// Each step of an iteration is timed under its own kind, so `kind=poll` no longer
    /// holds the verification's time.
    @Test func eachStepOfAnIterationIsTimedOnItsOwn() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 2)
            try await harness.passes(1)
            let kinds = harness.events.all.compactMap { event -> DaemonEvent.PassKind? in
                guard case let .passFinished(_, kind, _, _, _, _, _) = event else { return nil }
                return kind
            }
            #expect(kinds == [.poll, .verify, .restore, .outbox])
            let verification = harness.events.all.compactMap { event -> Int? in
                guard case let .passFinished(_, .verify, _, verified, _, _, _) = event else { return nil }
                return verified
            }
            #expect(verification == [2])
        }
    }

    private static func setSecret(_ reference: String, _ harness: EngineHarness) async throws {
        try await harness.store.write { transaction in
            var instance = try #require(try transaction.instances.get(EngineHarness.instanceID))
            instance.clientSecretFile = reference
            try transaction.instances.update(instance)
        }
    }

    /// Waits for another task's work, never for time to pass: a condition polled every 20 ms
    /// with a generous deadline.
    private static func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<1500 where !condition() { try await Task.sleep(for: .milliseconds(20)) }
        #expect(condition())
    }

    static func isUnreachable(_ event: DaemonEvent) -> Bool { if case .instanceUnreachable = event { true } else { false } }
    static func isRetirement(_ event: DaemonEvent) -> Bool { if case .instanceRetired = event { true } else { false } }
    static func isConnectionFailure(_ event: DaemonEvent) -> Bool {
        if case .failure("connection", EngineHarness.instanceID, _) = event { true } else { false }
    }
    static func isHealthyProbe(_ event: DaemonEvent) -> Bool {
        if case .probed(EngineHarness.instanceID, .healthy, _, _, _) = event { true } else { false }
    }
}
