import Foundation
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore
import Testing
import TestSupport

/// A probe takes seconds; an administrator's `instances disable` or `instances delete` made
/// meanwhile (another process, another store connection) must survive the probe's write.
@Suite("An administrator's change during a probe is never undone", .serialized)
struct AdministratorChangeDuringProbeTests {
    @Test("R13: an instance disabled while its probe is in flight stays disabled, and no link is verified")
    func r13_disableDuringProbeIsKept() async throws {
        try await SimulatorProcess.run { simulator in
            let (harness, outcome) = try await Self.poll(simulator) { instance in
                instance.isEnabled = false
            }
            let instance = try await Self.instance(harness)
            #expect(!instance.isEnabled)
            #expect(instance.lastChecked != nil, "the probe itself is still recorded")
            #expect(outcome == .unavailable)
            #expect(try await harness.state(of: "p0") == "errored(instance_disabled)")
        }
    }

    @Test("R10: an instance deleted while its probe is in flight stays deleted, and its loop retires")
    func r10_deleteDuringProbeIsKept() async throws {
        try await SimulatorProcess.run { simulator in
            let (harness, outcome) = try await Self.poll(simulator) { instance in
                instance.isDeleted = true
                instance.isDefault = false
            }
            let instance = try await Self.instance(harness)
            #expect(instance.isDeleted)
            #expect(outcome == .gone)
            #expect(try await harness.state(of: "p0") == "removed(instance_deleted)")
        }
    }

    /// R13 and R14: links errored by a disable made while a verification's reads are in
    /// flight stay errored; the pass writes nothing for an instance no longer ready.
    @Test("R13: a disable during a verification pass is not undone by the pass")
    func r13_disableDuringVerificationKeepsLinksErrored() async throws {
        try await SimulatorProcess.run { simulator in
            let harness = try await EngineHarness.make(simulator, count: 3)
            try await harness.passes(1)
            let reconciler = try await harness.reconciler()
            let before = try await simulator.counters(harness.organization)["requests"] as? Int ?? 0
            try await simulator.setFault(harness.organization, ["kind": "slow", "delay_ms": 1500, "count": 1])
            let verifying = Task { try await reconciler.verify(.all) }
            while try await simulator.counters(harness.organization)["requests"] as? Int ?? 0 == before {
                try await Task.sleep(for: .milliseconds(20))
            }
            let administrator = try StoreActor(path: harness.directory.path("store.db"))
            try await administrator.write { transaction in
                var instance = try #require(try transaction.instances.get(EngineHarness.instanceID))
                instance.isEnabled = false
                try transaction.instances.update(instance)
                try LinkLedger(transaction, actor: .admin, at: EngineHarness.epoch).applyInstanceRules(instanceID: EngineHarness.instanceID)
            }
            _ = try await verifying.value
            #expect(try await harness.states() == ["p0": "errored(instance_disabled)", "p1": "errored(instance_disabled)", "p2": "errored(instance_disabled)"])
            await administrator.close()
        }
    }

    /// Starts a poll whose `WhoAmI` the simulator answers after 1.5 s, applies `change` to
    /// the instance through a second store connection once the request has arrived, and
    /// returns the poll's outcome.
    private static func poll(
        _ simulator: SimulatorProcess, change: @escaping @Sendable (inout Instance) -> Void
    ) async throws -> (EngineHarness, InstanceReconciler.PollOutcome) {
        let harness = try await EngineHarness.make(simulator)
        let reconciler = try await harness.reconciler()
        try await simulator.setFault(harness.organization, ["kind": "slow", "delay_ms": 1500, "count": 1])
        let polling = Task { try await reconciler.poll() }
        while try await simulator.counters(harness.organization)["requests"] as? Int ?? 0 == 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        let administrator = try StoreActor(path: harness.directory.path("store.db"))
        try await administrator.write { transaction in
            guard var instance = try transaction.instances.get(EngineHarness.instanceID) else { throw StoreError.unknownInstance(id: EngineHarness.instanceID) }
            change(&instance)
            try transaction.instances.update(instance)
        }
        return (harness, try await polling.value)
    }

    private static func instance(_ harness: EngineHarness) async throws -> Instance {
        try #require(try await harness.store.read { try $0.instances.get(EngineHarness.instanceID) })
    }
}
