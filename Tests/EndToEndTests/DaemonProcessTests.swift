import Foundation
import Glibc
import Testing
import TestSupport

/// `socialsync run` as systemd runs it: the notify protocol on a test socket, SIGHUP with a
/// good and a bad configuration, SIGTERM, and the health endpoint's routes.
@Suite(.serialized) struct DaemonProcessTests {
    /// Starts the daemon with NOTIFY_SOCKET set; stderr goes to a file in the deployment.
    private func startDaemon(_ deployment: Deployment, notify: NotifySocket, logName: String = "daemon.log") throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.path(of: "socialsync"))
        process.arguments = ["--config", deployment.configPath, "run"]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment.removeValue(forKey: "JOURNAL_STREAM")
        process.environment = environment
        let log = deployment.directory.path(logName)
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func log(_ deployment: Deployment, _ name: String = "daemon.log") -> String {
        (try? String(contentsOfFile: deployment.directory.path(name), encoding: .utf8)) ?? ""
    }

    /// One daemon per store: a second `run` exits 75 naming the store and the first one's
    /// pid, and leaves the first running; once the first stopped, a daemon starts again.
    @Test func secondRunOnTheSameStoreIsRefused() async throws {
        try await SimulatorProcess.run { simulator in
            let deployment = try Deployment(simulator: simulator)
            _ = try await deployment.connect("contoso", posts: 2)
            let notify = try NotifySocket(path: deployment.directory.path("notify.sock"))
            let first = try startDaemon(deployment, notify: notify)
            defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
            _ = try #require(try await notify.arrival("READY=1", timeoutSeconds: 20), "log: \(log(deployment))")

            let second = try startDaemon(deployment, notify: notify, logName: "second.log")
            defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
            for _ in 0..<200 where second.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            try #require(!second.isRunning, "a second run on the same store kept running; log: \(log(deployment, "second.log"))")
            #expect(second.terminationReason == .exit && second.terminationStatus == 75)
            let storePath = deployment.directory.path("store.db")
            #expect(log(deployment, "second.log").contains("store \(storePath) is in use by socialsync run (pid \(first.processIdentifier))"),
                    "log: \(log(deployment, "second.log"))")
            #expect(first.isRunning)

            kill(first.processIdentifier, SIGTERM)
            try await first.exit()
            #expect(first.terminationStatus == 0)
            let third = try startDaemon(deployment, notify: notify, logName: "third.log")
            defer { if third.isRunning { kill(third.processIdentifier, SIGKILL) } }
            #expect(try await notify.arrival("READY=1", timeoutSeconds: 20) != nil, "log: \(log(deployment, "third.log"))")
            kill(third.processIdentifier, SIGTERM)
            try await third.exit()
            #expect(third.terminationStatus == 0)
        }
    }

    /// R7 and R3 from the command line while the daemon runs: the daemon logs both changes
    /// from the journal with the actor that made them, as it logs its own.
    @Test func r7_commandLineChangesReachTheRunningDaemonsLog() async throws {
        try await SimulatorProcess.run { simulator in
            let deployment = try Deployment(simulator: simulator)
            _ = try await deployment.connect("contoso", posts: 2)
            let notify = try NotifySocket(path: deployment.directory.path("notify.sock"))
            let daemon = try startDaemon(deployment, notify: notify)
            defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
            _ = try #require(try await notify.arrival("READY=1", timeoutSeconds: 20), "log: \(log(deployment))")

            try deployment.run("links", "unlink", "--post", "contoso-p0")
            try deployment.run("instances", "disable", "contoso")
            let unlinked = "event=link.transition instance=contoso post=contoso-p0 from=active to=unlinked reason=unlinked_by_user actor=user"
            let errored = "event=link.transition instance=contoso post=contoso-p1 from=active to=errored reason=instance_disabled actor=admin"
            for _ in 0..<200 where !(log(deployment).contains(unlinked) && log(deployment).contains(errored)) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(log(deployment).contains(unlinked), "log: \(log(deployment))")
            #expect(log(deployment).contains(errored), "log: \(log(deployment))")
            kill(daemon.processIdentifier, SIGTERM)
            try await daemon.exit()
            #expect(daemon.terminationStatus == 0)
        }
    }

    @Test func notifyProtocolReloadAndStop() async throws {
        try await SimulatorProcess.run { simulator in
            let deployment = try Deployment(simulator: simulator)
            _ = try await deployment.connect("contoso", posts: 3)
            let notify = try NotifySocket(path: deployment.directory.path("notify.sock"))
            let daemon = try startDaemon(deployment, notify: notify)
            defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }

            let start = try #require(try await notify.arrival("READY=1", timeoutSeconds: 20), "no READY=1; log: \(log(deployment))")
            #expect(start.joined().contains("READY=1"))
            #expect(try await notify.arrival("STATUS=1/1 instances healthy; links: 3 active, 0 errored, 0 broken; outbox 0", timeoutSeconds: 20) != nil,
                    "log: \(log(deployment))")

            // A good reload: RELOADING=1 with MONOTONIC_USEC, then READY=1.
            try Data(#"{"store":"store.db","listen":"","log_format":"logfmt","poll_interval_seconds":2}"#.utf8).write(to: URL(fileURLWithPath: deployment.configPath))
            kill(daemon.processIdentifier, SIGHUP)
            let reload = try #require(try await notify.arrival("READY=1", timeoutSeconds: 10))
            let lines = reload.joined(separator: "\n").split(separator: "\n").map(String.init)
            #expect(lines.contains("RELOADING=1"))
            #expect(lines.contains { $0.hasPrefix("MONOTONIC_USEC=") && UInt64($0.dropFirst("MONOTONIC_USEC=".count)) != nil })
            #expect(try await eventually { log(deployment).contains("reloaded") }, "log: \(log(deployment))")

            // A bad reload is rejected, names the key, and the daemon keeps running.
            try Data(#"{"store":"store.db","poll_intervall_seconds":2}"#.utf8).write(to: URL(fileURLWithPath: deployment.configPath))
            kill(daemon.processIdentifier, SIGHUP)
            #expect(try await notify.arrival("READY=1", timeoutSeconds: 10) != nil)
            #expect(try await eventually { log(deployment).contains("reload_rejected") }, "log: \(log(deployment))")
            #expect(log(deployment).contains("poll_intervall_seconds"))
            #expect(daemon.isRunning)

            kill(daemon.processIdentifier, SIGTERM)
            #expect(try await notify.arrival("STOPPING=1", timeoutSeconds: 10) != nil)
            try await daemon.exit()
            #expect(daemon.terminationReason == .exit && daemon.terminationStatus == 0, "log: \(log(deployment))")
            #expect(log(deployment).contains("stopped"))
        }
    }

    /// SIGTERM while passes run loses nothing: the store is consistent and every change the
    /// daemon logged is in the journal.
    @Test func sigtermDuringPassesLosesNothing() async throws {
        try await SimulatorProcess.run { simulator in
            let deployment = try Deployment(simulator: simulator)
            let organization = try await deployment.connect("contoso", posts: 400)
            try Data(#"{"store":"store.db","listen":"","log_format":"logfmt","poll_interval_seconds":0.2,"verify_interval_seconds":0.2,"confirmations":1}"#.utf8)
                .write(to: URL(fileURLWithPath: deployment.configPath))
            let notify = try NotifySocket(path: deployment.directory.path("notify.sock"))
            let daemon = try startDaemon(deployment, notify: notify)
            defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) } }
            _ = try #require(try await notify.arrival("READY=1", timeoutSeconds: 20))
            // Make every link change while the daemon is busy, then stop it mid-way.
            try await simulator.setFault(organization, ["kind": "slow", "delay_ms": 50])
            try await simulator.resetCounters()
            for index in stride(from: 0, to: 400, by: 2) {
                try await simulator.admin("DELETE", "orgs/contoso/rows/incidents/\(Deployment.incident("contoso", index))", expect: 200)
            }
            // Work was done and more is in flight before the signal: a SIGTERM landing before
            // any work would prove nothing.
            var transitions = 0
            for _ in 0..<400 where transitions == 0 {
                try await Task.sleep(for: .milliseconds(50))
                transitions = log(deployment).split(separator: "\n").filter { $0.contains("event=link.transition") }.count
            }
            try #require(transitions > 0, "no transition before the signal; log: \(log(deployment))")
            try #require(try await simulator.counters(organization)["requests"] as? Int ?? 0 > 0)
            kill(daemon.processIdentifier, SIGTERM)
            try await daemon.exit()
            #expect(daemon.terminationStatus == 0)
            let logged = log(deployment).split(separator: "\n").filter { $0.contains("event=link.transition") }.count
            #expect(logged >= transitions)
            let consistency = try deployment.run("links", "list", "--state", "broken", "--json").stdout
            let broken = try JSONSerialization.jsonObject(with: Data(consistency.utf8)) as? [Any] ?? []
            #expect(broken.count == logged, "every logged transition is in the store")
            // The next run finishes the work (N3).
            try await simulator.clearFault(organization)
            try deployment.reconcile()
            #expect(try deployment.links("--state", "broken").count == 200)
        }
    }

    @Test func healthEndpointRoutes() async throws {
        try await SimulatorProcess.run { simulator in
            let deployment = try Deployment(simulator: simulator)
            _ = try await deployment.connect("contoso", posts: 2)
            let port = FreePort.loopback()
            try Data(#"{"store":"store.db","listen":"127.0.0.1:\#(port)","log_format":"logfmt","poll_interval_seconds":0.5}"#.utf8)
                .write(to: URL(fileURLWithPath: deployment.configPath))
            let notify = try NotifySocket(path: deployment.directory.path("notify.sock"))
            let daemon = try startDaemon(deployment, notify: notify)
            defer { if daemon.isRunning { kill(daemon.processIdentifier, SIGTERM); daemon.waitUntilExit() } }
            _ = try #require(try await notify.arrival("READY=1", timeoutSeconds: 20), "log: \(log(deployment))")
            let base = "http://127.0.0.1:\(port)"
            var ready = try Self.get(base + "/readyz")
            for _ in 0..<40 where ready.status != 200 {
                try await Task.sleep(for: .milliseconds(250))
                ready = try Self.get(base + "/readyz")
            }
            #expect(ready.status == 200)
            #expect(try Self.get(base + "/livez").status == 200)
            #expect(try Self.get(base + "/healthz").status == 200)
            let status = try Self.get(base + "/status")
            #expect(status.status == 200)
            #expect(status.contentType.hasPrefix("application/health+json"))
            let document = try JSONSerialization.jsonObject(with: Data(status.body.utf8)) as? [String: Any]
            #expect(document?["status"] as? String == "pass")
            #expect(!status.body.contains("author") && !status.body.contains(deployment.simulator.baseURL.absoluteString + "/tenant"))
            let metrics = try Self.get(base + "/metrics")
            #expect(metrics.contentType.hasPrefix("text/plain; version=0.0.4"))
            #expect(metrics.body.contains("socialsync_links{state=\"active\"} 2"))
            #expect(metrics.body.contains("socialsync_instance_up{dataverse_instance=\"contoso\"} 1"))
            #expect(!metrics.body.contains("{instance=") && !metrics.body.contains(",instance="), "Prometheus overwrites an exporter's instance label")
            try await Self.expectPromtoolAccepts(metrics.body)
            #expect(try Self.get(base + "/nope").status == 404)
        }
    }

    /// `promtool check metrics` on the daemon's real answer (naming, units, HELP and TYPE);
    /// without promtool (Debian package `prometheus`, installed by `make deps`) it says so.
    static func expectPromtoolAccepts(_ exposition: String) async throws {
        let promtool = "/usr/bin/promtool"
        guard FileManager.default.isExecutableFile(atPath: promtool) else {
            print("promtool not installed (apt-get install --no-install-recommends prometheus): /metrics not linted")
            return
        }
        let result = try await DedicatedThread.run { try ProcessRunner.run(promtool, ["check", "metrics"], stdin: exposition) }
        #expect(result.status == 0, "promtool check metrics: \(result.stdout)\(result.stderr)")
    }

    /// A GET with curl's command line (installed with libcurl here).
    static func get(_ url: String) throws -> (status: Int, contentType: String, body: String) {
        let result = try ProcessRunner.run("/usr/bin/curl", ["-s", "-o", "-", "-w", "\n%{http_code}\n%{content_type}", "--max-time", "5", url])
        var lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let contentType = lines.popLast() ?? ""
        let status = Int(lines.popLast() ?? "") ?? 0
        return (status, contentType, lines.joined(separator: "\n"))
    }
}
