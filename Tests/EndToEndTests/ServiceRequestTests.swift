import Foundation
import Glibc
import Testing
import TestSupport

/// README "Commands against a running service": the instance's secret is a systemd
/// credential only the service can read. With `socialsync run` holding the store, the
/// commands that talk to the instance hand the work to it and print what they would have
/// printed doing it themselves; with no service they do it themselves, as before.
@Suite(.serialized) struct ServiceRequestTests {
    /// An instance whose secret is the credential `contoso` of `credentials/`, which the
    /// command line's environment does not name.
    private func deployment(_ simulator: SimulatorProcess) async throws -> (Deployment, SimulatorProcess.Organization, credentials: String) {
        let deployment = try Deployment(simulator: simulator)
        let organization = try await simulator.createOrganization("contoso")
        let credentials = deployment.directory.path("credentials")
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try Data((organization.secret + "\n").utf8).write(to: URL(fileURLWithPath: credentials + "/contoso"))
        chmod(credentials + "/contoso", 0o600)
        try deployment.run("instances", "add", "--id", "contoso", "--name", "Contoso", "--url", organization.instanceURL.absoluteString,
                           "--tenant-id", "tenant-contoso", "--client-id", organization.clientID, "--client-secret-file", "contoso",
                           "--token-url", organization.tokenURL.absoluteString, "--default")
        try deployment.run(["posts", "import", "-"], stdin: #"{"id":"p1","url":"https://social.example/p1","author":"Ann","text":"help","sentiment":-1,"tags":[],"source":"twitter","published_at":"2024-05-01T10:00:00Z"}"# + "\n")
        return (deployment, organization, credentials)
    }

    /// `socialsync` with the command line's environment: no credentials directory.
    private func command(_ deployment: Deployment, _ arguments: [String], credentials: String? = nil) async throws -> ProcessResult {
        let configPath = deployment.configPath
        return try await DedicatedThread.run {
            try ProcessRunner.run(
                BuiltProducts.path(of: "socialsync"), ["--config", configPath] + arguments,
                environment: ["CREDENTIALS_DIRECTORY": credentials ?? ""])
        }
    }

    private func startService(_ deployment: Deployment, credentials: String, notify: NotifySocket) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.path(of: "socialsync"))
        process.arguments = ["--config", deployment.configPath, "run"]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["CREDENTIALS_DIRECTORY"] = credentials
        environment.removeValue(forKey: "JOURNAL_STREAM")
        process.environment = environment
        let log = deployment.directory.path("daemon.log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func withTheServiceRunningRefreshAndCreateUseTheServicesCredentials() async throws {
        try await SimulatorProcess.run { simulator in
            let (deployment, organization, credentials) = try await deployment(simulator)
            // No service: the command does the work itself, and cannot read the credential.
            let alone = try await command(deployment, ["instances", "refresh", "contoso"])
            #expect(alone.status == 66, "\(alone.stderr)")
            #expect(alone.stderr.contains("contoso") && alone.stderr.contains("CREDENTIALS_DIRECTORY"), "\(alone.stderr)")

            let notify = try NotifySocket(path: deployment.directory.path("notify.sock"))
            let service = try startService(deployment, credentials: credentials, notify: notify)
            defer { if service.isRunning { kill(service.processIdentifier, SIGKILL) } }
            _ = try #require(try await notify.arrival("READY=1", timeoutSeconds: 20))

            // A creation whose metadata the store lacks: the service reads it.
            let dryRun = try await command(deployment, ["links", "create", "--post", "p1", "--record-type", "incident", "--dry-run"])
            #expect(dryRun.status == 0, "\(dryRun.stderr)")
            #expect(dryRun.stdout.contains("regardingobjectid_incident_socialactivity@odata.bind"), "\(dryRun.stdout)")
            let created = try await command(deployment, ["links", "create", "--post", "p1", "--record-type", "incident"])
            #expect(created.status == 0 && created.stdout.hasPrefix("queued: post 'p1'"), "\(created.stderr)")

            let viaService = try await command(deployment, ["instances", "refresh", "contoso"])
            #expect(viaService.status == 0, "\(viaService.stderr)")
            #expect(viaService.stdout.hasPrefix("refreshed instance 'contoso': organization \(organization.organizationID.lowercased())")
                    || viaService.stdout.hasPrefix("refreshed instance 'contoso': organization \(organization.organizationID)"), "\(viaService.stdout)")
            let jsonViaService = try await command(deployment, ["instances", "refresh", "contoso", "--json"])
            #expect(jsonViaService.status == 0, "\(jsonViaService.stderr)")
            let refreshed = try #require(try JSONSerialization.jsonObject(with: Data(jsonViaService.stdout.utf8)) as? [String: Any])
            let entities = (refreshed["entities"] as? [[String: Any]] ?? []).compactMap { $0["logical_name"] as? String }
            #expect(Set(["incident", "lead", "socialactivity", "socialprofile", "contact"]).isSubset(of: entities), "\(entities)")
            #expect(secretFree([alone, dryRun, created, viaService, jsonViaService], organization.secret))

            // A service that does not answer: the command gives up after --wait, naming the instance.
            kill(service.processIdentifier, SIGSTOP)
            let unanswered = try await command(deployment, ["instances", "refresh", "contoso", "--wait", "1"])
            kill(service.processIdentifier, SIGCONT)
            #expect(unanswered.status == 69 && unanswered.stderr.contains("'contoso'"), "\(unanswered.stderr)")
            #expect(try await command(deployment, ["instances", "refresh", "contoso", "--wait", "0"]).status == 64)

            kill(service.processIdentifier, SIGTERM)
            try await service.exit()
            #expect(service.terminationStatus == 0)

            // Done directly (with the credential at hand) the command prints the same.
            let direct = try await command(deployment, ["instances", "refresh", "contoso"], credentials: credentials)
            #expect(direct.status == 0, "\(direct.stderr)")
            #expect(direct.stdout == viaService.stdout)
            let jsonDirect = try await command(deployment, ["instances", "refresh", "contoso", "--json"], credentials: credentials)
            let directEntities = try #require(try JSONSerialization.jsonObject(with: Data(jsonDirect.stdout.utf8)) as? [String: Any])["entities"]
            #expect(try JSONSerialization.data(withJSONObject: directEntities as Any, options: .sortedKeys)
                    == JSONSerialization.data(withJSONObject: refreshed["entities"] as Any, options: .sortedKeys))
            let directInstance = try #require(try JSONSerialization.jsonObject(with: Data(jsonDirect.stdout.utf8)) as? [String: Any])["instance"] as? [String: Any]
            #expect(Set(directInstance?.keys ?? [:].keys) == Set((refreshed["instance"] as? [String: Any])?.keys ?? [:].keys))
        }
    }

    private func secretFree(_ results: [ProcessResult], _ secret: String) -> Bool {
        results.allSatisfy { !$0.stdout.contains(secret) && !$0.stderr.contains(secret) }
    }
}
