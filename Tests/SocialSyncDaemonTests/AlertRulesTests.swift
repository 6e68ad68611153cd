import Foundation
import SocialSyncDaemon
import TestSupport
import Testing

/// The alerting rules shipped in config/prometheus/socialsync.rules.yml: they name only
/// metrics and labels the daemon exports, and, where promtool is installed (Debian package
/// `prometheus`, which `make deps` installs), they parse and raise exactly the alerts of
/// Tests/AlertRules/socialsync.rules.test.yml.
@Suite struct AlertRulesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rules = repository.appendingPathComponent("config/prometheus/socialsync.rules.yml").path
    static let rulesTest = repository.appendingPathComponent("Tests/AlertRules/socialsync.rules.test.yml").path
    static let promtool = "/usr/bin/promtool"
    static let hasPromtool = FileManager.default.isExecutableFile(atPath: promtool)

    @Test func rulesNameOnlyExportedMetricsAndTheInstanceLabel() throws {
        let text = try String(contentsOfFile: Self.rules, encoding: .utf8)
        let exported = Set(SocialSyncMetrics.all.map(\.name))
        let named = Set(text.matches(of: /socialsync_[a-z_]+/).map { String($0.output) })
        #expect(!named.isEmpty)
        #expect(named.subtracting(exported).isEmpty, "not exported: \(named.subtracting(exported).sorted())")
        #expect(text.contains("dataverse_instance"))
    }

    @Test(.enabled(if: hasPromtool, "promtool not installed (apt-get install --no-install-recommends prometheus)"))
    func promtoolChecksTheRules() async throws {
        let result = try await DedicatedThread.run { try ProcessRunner.run(Self.promtool, ["check", "rules", Self.rules]) }
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test(.enabled(if: hasPromtool, "promtool not installed (apt-get install --no-install-recommends prometheus)"))
    func promtoolUnitTestsRaiseTheExpectedAlerts() async throws {
        let result = try await DedicatedThread.run { try ProcessRunner.run(Self.promtool, ["test", "rules", Self.rulesTest]) }
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}
