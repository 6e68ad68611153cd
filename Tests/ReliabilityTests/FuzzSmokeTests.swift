import Foundation
import Testing
import TestSupport

/// A short run of every libFuzzer target of Tests/Fuzz through `scripts/fuzz.sh` (the long
/// run is `make fuzz`): the HTTP request parser, the configuration parser, the JSON Lines
/// decoders, the verdict classifier, the readers of Web API answers (pages, links, metadata)
/// and the rule expression parser. Fails on a crash, with the fuzzer's report, or when a
/// harness of Tests/Fuzz did not run. Built without optimization: a 2 s run finds what it
/// finds either way, and the build takes a quarter of the time.
@Suite struct FuzzSmokeTests {
    @Test func everyFuzzTargetRunsWithoutACrash() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/fuzz.sh").path
        let build = BuiltProducts.directory.appendingPathComponent("fuzz").path
        let result = try await DedicatedThread.run { try ProcessRunner.run("/bin/sh", [script, "2"], environment: ["FUZZ_BUILD": build, "FUZZ_OPT": "-Onone"]) }
        if result.status == 77 {
            print("FuzzSmokeTests: skipped, no libFuzzer runtime in this toolchain: \(result.stderr)")
            return
        }
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let harnesses = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Tests/Fuzz").path).filter { $0.hasSuffix(".swift") }
        #expect(result.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("fuzz: ") && $0.contains(" runs in ") }.count == harnesses.count, "\(result.stdout)")
        print(result.stdout)
    }
}
