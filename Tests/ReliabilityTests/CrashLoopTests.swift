import Foundation
import Glibc
import SocialSyncStore
import Testing
import TestSupport

/// N3 with the daemon itself: `socialsync run` is SIGKILLed at random moments while random
/// faults come and go, and restarted each time. Afterwards the store is consistent (file
/// integrity, a journal row for every state, no post with two current links), no creation
/// reached Dataverse twice, and the links end exactly where an uninterrupted run of the
/// same script leaves them. `scripts/soak.sh` runs the long version through the
/// environment (`SOCIALSYNC_SOAK_KILLS`, `SOCIALSYNC_SOAK_LINKS`).
@Suite struct CrashLoopTests {
    static let environment = ProcessInfo.processInfo.environment
    static let kills = environment["SOCIALSYNC_SOAK_KILLS"].flatMap(Int.init) ?? 20
    static let linkCount = environment["SOCIALSYNC_SOAK_LINKS"].flatMap(Int.init) ?? 5000
    static let creations = 30
    static let faults = ["down", "http500", "reset", "malformed", "throttle", "http504"]

    /// The script both runs share: records deleted, dissociated and activities deleted in
    /// Dataverse, and pending creations queued, so every kind of change is in flight.
    static func applyScript(_ deployment: ReliabilityDeployment, _ id: String, _ organization: SimulatorProcess.Organization) async throws {
        let simulator = deployment.simulator
        for index in 0..<20 {
            try await simulator.admin("DELETE", "orgs/\(id)/rows/incidents/\(ReliabilityDeployment.incident(id, index))", expect: 200)
            try await simulator.admin("POST", "orgs/\(id)/rows/socialactivities/\(ReliabilityDeployment.activity(id, 20 + index))/dissociate", expect: 200)
            try await simulator.admin("DELETE", "orgs/\(id)/rows/socialactivities/\(ReliabilityDeployment.activity(id, 40 + index))", expect: 200)
        }
        for index in linkCount..<(linkCount + creations) {
            try await deployment.run(["links", "create", "--post", ReliabilityDeployment.post(id, index), "--instance", id, "--record-type", "incident"])
        }
        try await deployment.run(["links", "unlink", "--post", ReliabilityDeployment.post(id, 60)])
    }

    /// Reconcile passes until the deployment has settled: the instance answers healthy, no
    /// link waits (errored or pending), and two passes in a row change nothing (at least
    /// three, so every confirmation streak completes). Waiting for "healthy" matters on a
    /// loaded machine: a probe that times out holds the instance `down`, and two such passes
    /// change nothing either, which is not the end state the comparison is about. A pass that
    /// never settles fails the test with the warnings of its last pass.
    static func reconcileToFixpoint(_ deployment: ReliabilityDeployment, id: String) async throws -> [String: String] {
        var previous: [String: String] = [:]
        var warnings: [Substring] = []
        for pass in 0..<20 {
            let output = try await deployment.run(["reconcile"]).stderr
            warnings = output.split(separator: "\n").filter { !$0.contains("level=info") }
            let current = try await normalizedStates(deployment)
            let verdict = try await deployment.instances()[id]?["verdict"] as? String
            let waiting = current.values.contains { $0.hasPrefix("errored") || $0.hasPrefix("pending") }
            if pass >= 2, current == previous, verdict == "healthy", !waiting { return current }
            previous = current
        }
        Issue.record("\(id) did not settle after 20 passes; last pass: \(warnings.suffix(10).joined(separator: "\n"))")
        return previous
    }

    /// Every link as "post index#n → state(reason) entity", without ids, instance names or
    /// times. An active link's reason is left out: it tells its history (`created`, or none
    /// once it came back from `errored`), which depends on when the faults struck it.
    static func normalizedStates(_ deployment: ReliabilityDeployment) async throws -> [String: String] {
        var states: [String: String] = [:]
        var linksPerPost: [Substring: Int] = [:]
        for link in try await deployment.links() {
            guard let post = link["post_id"] as? String, let state = link["state"] as? String, let index = post.split(separator: "-").last else { continue }
            let reason = state == "active" ? "" : link["reason"] as? String ?? ""
            states["\(index)#\(linksPerPost[index, default: 0])"] = "\(state)(\(reason)) \(link["record_entity"] as? String ?? "")"
            linksPerPost[index, default: 0] += 1
        }
        return states
    }

    @Test
    func crashLoop_n3_sigkillAtRandomMomentsLosesNothing() async throws {
        try await SimulatorProcess.run { simulator in
            // Every fault of the script answers at once; a generous timeout keeps a loaded
            // machine's slow answers from looking like outages.
            let settings = ["poll_interval_seconds": "0.3", "verify_interval_seconds": "0.5", "request_timeout_seconds": "10"]
            let calm = try ReliabilityDeployment(simulator: simulator, settings: settings)
            let killed = try ReliabilityDeployment(simulator: simulator, settings: settings)
            let calmOrganization = try await calm.connect("calm", posts: Self.linkCount + Self.creations, linked: Self.linkCount)
            let killedOrganization = try await killed.connect("killed", posts: Self.linkCount + Self.creations, linked: Self.linkCount)
            try await Self.applyScript(calm, "calm", calmOrganization)
            try await Self.applyScript(killed, "killed", killedOrganization)

            var generator = SystemRandomNumberGenerator()
            var ends: [String: Int] = [:]
            let started = Date()
            for round in 0..<Self.kills {
                // The same fault script for both: the calm one sees it through one reconcile.
                if round % 3 == 0 {
                    let fault: [String: Any] = ["kind": Self.faults.randomElement(using: &generator)!, "retry_after": 1]
                    try await simulator.setFault(killedOrganization, fault)
                    try await simulator.setFault(calmOrganization, fault)
                } else if round % 3 == 2 {
                    try await simulator.clearFault(killedOrganization)
                    try await simulator.clearFault(calmOrganization)
                }
                try await calm.reconcile(times: 1)
                let log = killed.directory.url.appendingPathComponent("daemon-\(round).log")
                let daemon = try ChildProcess(BuiltProducts.path(of: "socialsync"), ["--config", killed.configPath, "run"], errorLog: log)
                let lifetime = Double.random(in: 0.05...1.2, using: &generator)
                // The daemon's owner is now the thread that kills it.
                nonisolated(unsafe) let owned = daemon
                let end = try await DedicatedThread.run {
                    Thread.sleep(forTimeInterval: lifetime)
                    return owned.end(with: SIGKILL)
                }
                ends[end.description, default: 0] += 1
                killed.record(daemon.errorOutput)
            }
            try await simulator.clearFault(killedOrganization)
            try await simulator.clearFault(calmOrganization)
            let killLoopSeconds = Date().timeIntervalSince(started)

            for deployment in [killed, calm] { try await deployment.passStoredDeadlines() }
            let interrupted = try await Self.reconcileToFixpoint(killed, id: "killed")
            let uninterrupted = try await Self.reconcileToFixpoint(calm, id: "calm")
            #expect(interrupted.count == Self.linkCount + Self.creations)
            let differences = Set(interrupted.keys).union(uninterrupted.keys).filter { interrupted[$0] != uninterrupted[$0] }.sorted()
            #expect(differences.isEmpty, "\(differences.count) links differ: \(differences.prefix(10).map { "\($0): \(interrupted[$0] ?? "none") vs \(uninterrupted[$0] ?? "none")" })")
            #expect(interrupted.values.filter { $0.hasPrefix("broken") }.count == 60)
            #expect(interrupted.values.filter { $0 == "unlinked(unlinked_by_user) incident" }.count == 1)
            #expect(interrupted.values.filter { $0 == "active() incident" }.count == Self.linkCount + Self.creations - 61)

            let storePath = killed.storePath
            let problems = try await DedicatedThread.run { try Store(path: storePath).checkConsistency().map(\.description) }
            #expect(problems.isEmpty, "\(problems.prefix(10))")
            let counters = try await simulator.counters(killedOrganization)
            let creates = counters["creates"] as? [String: Int] ?? [:]
            #expect(creates["socialactivities"] == Self.creations && creates["incidents"] == Self.creations, "\(creates)")
            print("crash loop: \(Self.kills) kills of socialsync run over \(Self.linkCount) links in \(Int(killLoopSeconds)) s (\(ends)); "
                + "consistency problems \(problems.count); creates \(creates); duplicate create attempts answered 412: \(counters["duplicate_create_attempts"] ?? 0); "
                + "final states equal to the uninterrupted run: \(interrupted == uninterrupted)")
        }
    }
}
