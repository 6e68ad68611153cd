import Foundation
import Testing
import TestSupport

/// The fast parts of `make bench` (Benchmarks/bench.py) on a small estate: seeding,
/// imports, the store's bytes, the measured passes (with broken links and with latency),
/// the routed creations, the verification-mode hook and the per-link sample. Behaviour
/// only: figures are checked for consistency, never for speed.
@Suite("Benchmark harness")
struct BenchHarnessTests {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Benchmarks/bench.py").path

    /// Async, with the run on a thread of its own: the bench takes tens of seconds, and a
    /// synchronous test holds one of the concurrency pool's two threads all that time.
    @Test func smallRunReportsEveryScenarioAndTheChangedLinksBreak() async throws {
        let directory = TemporaryDirectory("bench")
        let output = directory.path("latest.json")
        let script = Self.script
        let result = try await DedicatedThread.run {
            try ProcessRunner.run(
                "/usr/bin/env", ["python3", script, BuiltProducts.directory.path, output],
                environment: [
                    "BENCH_LINKS": "300", "BENCH_INSTANCES": "2", "BENCH_PER_LINK_SAMPLE": "20",
                    "BENCH_IDLE_SECONDS": "1", "BENCH_IDLE_SETTLE_SECONDS": "1", "BENCH_LATENCY_MS": "150",
                    // Beyond the first minute's worth (240 at 1200 requests a minute), so some are paced.
                    "BENCH_CREATIONS": "250",
                    // Both modes, then one no socialsync accepts: its passes are skipped.
                    "BENCH_MODES": "ids,table,no-such-mode",
                ])
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("full pass, cold process (verification_mode table)"))

        let report = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        #expect(report["links"] as? Int == 300)
        let scenarios = try #require(report["scenarios"] as? [[String: Any]])
        let names = scenarios.compactMap { $0["scenario"] as? String }
        #expect(names == [
            "import posts", "import links",
            "full pass, cold process (verification_mode ids)", "full pass, warm (second run) (verification_mode ids)",
            "full pass, cold process (verification_mode table)", "full pass, warm (second run) (verification_mode table)",
            "steady state, nothing changed", "steady state, 100 changed", "steady state, confirming pass",
            "full pass, 3 links (1 %) broken", "full pass, 1 % broken, confirming pass", "full pass, 150 ms latency", "idle daemon, 1 s",
        ])
        #expect(report["skipped_modes"] as? [String] == ["no-such-mode"])
        for pass in scenarios.dropFirst(2).dropLast() {
            let requests = try #require(pass["requests"] as? Int)
            #expect(requests > 0)
            let perThousand = try #require(pass["requests_per_1000_links"] as? Double)
            #expect(abs(perThousand - Double(requests) * 1000 / 300) < 0.001)
            #expect((pass["peak_rss_mib"] as? Double ?? 0) > 0)
        }
        // The daemon ran and stopped cleanly on SIGTERM.
        let idle = try #require(scenarios.last)
        #expect(idle["exit_status"] as? Int == 0)
        #expect(idle["cpu_percent"] is Double)

        // Confirmations are 2: the changed links break on the second pass after the change,
        // and so do the 1 % whose records were deleted, confirmed missing by the instance.
        let status = try #require(report["status_after"] as? [String: Any])
        let links = try #require(status["links"] as? [String: Int])
        #expect(report["broken_links"] as? Int == 3)
        #expect(links["broken"] == 103)
        #expect(links["active"] == 197)

        // The store's bytes beyond the posts, by the file and by dbstat.
        let store = try #require(report["store"] as? [String: Any])
        #expect((store["bytes_per_link_beyond_posts"] as? Double ?? 0) > 0)
        #expect((store["links_journal_indexes_bytes_per_link"] as? Double ?? 0) > 0)
        let byName = try #require(store["bytes_by_name"] as? [String: Int])
        #expect(byName["links"] != nil && byName["posts"] != nil)

        // Every routed post became an active link, most unpaced, the rest paced.
        let creations = try #require(report["creations"] as? [String: Any])
        #expect(creations["active_after"] as? Int == 250)
        #expect(creations["exit_status"] as? Int == 0)
        #expect(creations["burst_creations"] as? Int == 240)
        #expect((creations["requests_per_creation"] as? Double ?? 0) >= 1)
        #expect((creations["measured_creations_per_second_paced"] as? Double ?? 0) > 0)
        let creates = try #require(creations["creates"] as? [String: Int])
        #expect(creates["socialactivities"] == 250 && creates["incidents"] == 250)
        let computed = try #require(creations["computed_default"] as? [String: Any])
        #expect((computed["drain_seconds_10000_posts"] as? Int ?? 0) > 0)

        let perLink = try #require(report["per_link"] as? [String: Any])
        #expect(perLink["sampled_links"] as? Int == 20)
        #expect(perLink["sample_requests"] as? Int == 40)
        #expect(perLink["requests"] as? Int == 600)
        // Sampled after the changes: the 100 changed links are among those asked about, so
        // some answers are 404 (deleted records), all others 200.
        let statuses = try #require(perLink["sample_statuses"] as? [String: Int])
        #expect(Set(statuses.keys).isSubset(of: ["200", "404"]))
        #expect(statuses.values.reduce(0, +) == 40)
    }
}
