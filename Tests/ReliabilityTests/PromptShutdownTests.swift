import Foundation
import Glibc
import SocialSyncStore
import Testing
import TestSupport

/// SIGTERM ends `socialsync run` promptly however slow the instances are: no new pass, batch
/// or request starts, the requests in flight are aborted, and what the store holds stays
/// consistent, with no link or instance changed by a request that was cut short.
@Suite(.serialized) struct PromptShutdownTests {
    /// Each answer of the simulator takes this long; before the fix the pass in flight ran to
    /// its end (about 13 s with 3 s answers), now the daemon stops as soon as it is told.
    static let answerMilliseconds = 3000
    /// Well under the old figure, and far above what a loaded 2-core machine needs to stop.
    static let shutdownBoundSeconds = 6.0

    @Test func sigtermAbortsTheRequestsInFlightAndExitsPromptly() async throws {
        try await SimulatorProcess.run { simulator in
            let settings = ["poll_interval_seconds": "0.2", "verify_interval_seconds": "0.2", "confirmations": "1", "request_timeout_seconds": "20"]
            let deployment = try ReliabilityDeployment(simulator: simulator, settings: settings)
            let organization = try await deployment.connect("slow", posts: 50, linked: 50)
            try await deployment.reconcile(times: 1)
            try await simulator.setFault(organization, ["kind": "slow", "delay_ms": Self.answerMilliseconds])
            try await simulator.resetCounters()

            let log = deployment.directory.url.appendingPathComponent("daemon.log")
            let daemon = try ChildProcess(BuiltProducts.path(of: "socialsync"), ["--config", deployment.configPath, "run"], errorLog: log)
            // Work is in flight: a request reached the simulator and waits for its slow answer.
            var arrived = 0
            for _ in 0..<400 where arrived == 0 {
                try await Task.sleep(for: .milliseconds(50))
                arrived = try await simulator.counters(organization)["requests"] as? Int ?? 0
            }
            try #require(arrived > 0, "no request reached the simulator; log: \(daemon.errorOutput)")

            nonisolated(unsafe) let owned = daemon
            let signalled = Date()
            let end = try await DedicatedThread.run { owned.end(with: SIGTERM) }
            let seconds = Date().timeIntervalSince(signalled)
            print("shutdown: socialsync run stopped \(String(format: "%.2f", seconds)) s after SIGTERM with \(Self.answerMilliseconds) ms answers")
            #expect(end == .exited(0), "log: \(daemon.errorOutput)")
            #expect(seconds < Self.shutdownBoundSeconds, "stopped \(seconds) s after SIGTERM; log: \(daemon.errorOutput)")
            #expect(daemon.errorOutput.contains("stopped"))

            let storePath = deployment.storePath
            let problems = try await DedicatedThread.run { try Store(path: storePath).checkConsistency().map(\.description) }
            #expect(problems.isEmpty, "\(problems)")
            // A cancelled request is no answer: every link and the instance's verdict are as before.
            let states = try await deployment.linkStates()
            #expect(states.count == 50 && states.values.allSatisfy { $0 == "active" }, "\(states.filter { $0.value != "active" })")
            #expect(try await deployment.instances()["slow"]?["verdict"] as? String == "healthy")
        }
    }
}
