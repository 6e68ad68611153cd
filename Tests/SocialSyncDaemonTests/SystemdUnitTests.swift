import Foundation
import TestSupport
import Testing

/// `systemd/socialsync.service`: the settings the daemon relies on are there, and
/// `scripts/check-unit.sh` (verify + security exposure ≤ 2.0) passes where systemd-analyze exists.
@Suite struct SystemdUnitTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func unitDeclaresWhatTheDaemonReliesOn() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("systemd/socialsync.service"), encoding: .utf8)
        let settings = Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.hasPrefix("#") })
        for expected in [
            "Type=notify", "NotifyAccess=main", "ExecStart=/usr/local/bin/socialsync --config /etc/socialsync/config.json run",
            "ExecReload=/bin/kill -HUP $MAINPID", "WatchdogSec=60", "Restart=on-failure", "RestartSec=5",
            "StateDirectory=socialsync", "ConfigurationDirectory=socialsync", "DynamicUser=yes", "UMask=0077",
            "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "SystemCallFilter=@system-service", "CapabilityBoundingSet=",
        ] {
            #expect(settings.contains(expected), "\(expected)")
        }
        #expect(settings.contains { $0.hasPrefix("LoadCredential=") })
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
    func checkUnitScriptPasses() async throws {
        let script = Self.root.appendingPathComponent("scripts/check-unit.sh").path
        let result = try await DedicatedThread.run { try ProcessRunner.run("/bin/sh", [script]) }
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("verify: clean"))
        #expect(result.stdout.contains("security: exposure"))
    }
}
