import Dataverse
import Foundation
import SocialSyncDaemon

/// `reconcile` and `run`: the engine, once or as the daemon.
enum DaemonCommands {
    static let all = [
        CommandSpec("run", summary: "The daemon, in the foreground (systemd Type=notify); SIGHUP reloads, SIGTERM stops.", action: run),
        CommandSpec("reconcile", summary: "One full pass: poll every instance, verify every link, apply the rules, flush the outbox; then exit.", action: reconcile),
    ]

    /// Exits the process with the daemon's own code: it logs its failures itself.
    static func run(_ invocation: Invocation) throws {
        let daemon = Daemon(configurationPath: invocation.context.configurationPath, environment: invocation.context.environment)
        let code = AsyncBridge.wait { await daemon.run() }
        if code != 0 { throw CommandError(ExitCode(rawValue: code) ?? .software, "daemon stopped (exit \(code))") }
    }

    static func reconcile(_ invocation: Invocation) throws {
        let context = invocation.context
        let configuration = try context.configuration()
        let events = EventSinks.forCommandLine(configuration: configuration, environment: context.environment)
        let store = try StoreActor(path: configuration.storePath)
        let connector = InstanceConnector(transport: try CurlTransport(), configuration: configuration, environment: context.environment, events: events)
        let engine = ReconcileEngine(store: store, connector: connector, settings: SharedEngineSettings(EngineSettings(configuration)), events: events)
        let outcome = AsyncBridge.wait { () async -> Result<Void, any Error> in
            let result: Result<Void, any Error>
            do {
                try await engine.runOnce()
                result = .success(())
            } catch {
                result = .failure(error)
            }
            await store.close()
            return result
        }
        try outcome.get()
    }
}
