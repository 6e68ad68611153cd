import Foundation
import TestSupport
import Testing

/// `systemd/socialsync.service.in` (the unit `make install` and `make deb` write with the
/// prefix filled in): the settings the daemon relies on are there, and `scripts/check-unit.sh`
/// (verify, security exposure ≤ 2.0, the system calls the daemon makes) passes where
/// systemd-analyze exists.
@Suite struct SystemdUnitTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func unitDeclaresWhatTheDaemonReliesOn() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("systemd/socialsync.service.in"), encoding: .utf8)
        let settings = Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.hasPrefix("#") })
        for expected in [
            "Type=notify", "NotifyAccess=main", "ExecStart=@PREFIX@/bin/socialsync --config /etc/socialsync/config.json run",
            "Documentation=file://@PREFIX@/share/doc/socialsync/README.md", "TimeoutStopSec=30",
            "ExecReload=/bin/kill -HUP $MAINPID", "WatchdogSec=60", "Restart=on-failure", "RestartSec=5",
            "StateDirectory=socialsync", "ConfigurationDirectory=socialsync", "User=socialsync", "Group=socialsync", "UMask=0077",
            "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "SystemCallFilter=@system-service", "SystemCallFilter=setpriority", "CapabilityBoundingSet=",
            // A directory: the unit starts with no secret in it, and each instance's file becomes a credential.
            "LoadCredential=secret:/etc/socialsync/credentials",
        ] {
            #expect(settings.contains(expected), "\(expected)")
        }
        #expect(!settings.contains { $0.hasPrefix("DynamicUser=") }, "a dynamic user's store cannot be shared with the administrator")
    }

    /// The static user the unit runs as, for `sudo -u socialsync socialsync ...`.
    @Test func sysusersEntryCreatesTheServiceUser() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("systemd/socialsync.sysusers"), encoding: .utf8)
        let entries = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: " ").map(String.init) }
        #expect(entries.contains { $0.count >= 2 && $0[0] == "u" && $0[1] == "socialsync" }, "\(entries)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
    func checkUnitScriptPasses() async throws {
        let script = Self.root.appendingPathComponent("scripts/check-unit.sh").path
        let result = try await DedicatedThread.run { try ProcessRunner.run("/bin/sh", [script]) }
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("verify: clean"))
        #expect(result.stdout.contains("security: exposure"))
        #expect(result.stdout.contains("syscalls: setpriority"))
    }
}
