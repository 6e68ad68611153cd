import Dataverse
import Foundation
import SocialSyncCore

/// `socialsync run`: wires the store, the engine, the health endpoint, logs, metrics and
/// systemd's notify protocol, then runs until SIGTERM or SIGINT. SIGHUP reloads the
/// configuration (a bad one is rejected and the old one kept).
public struct Daemon: Sendable {
    let configurationPath: String?
    let environment: [String: String]

    public init(configurationPath: String?, environment: [String: String]) {
        self.configurationPath = configurationPath
        self.environment = environment
    }

    /// What failed before the daemon could serve; `exitCode` follows sysexits.
    public struct StartupFailure: Error, CustomStringConvertible {
        public var exitCode: Int32
        public var description: String
    }

    /// Runs until stopped and returns the process's exit code.
    public func run() async -> Int32 {
        // Signals first: a SIGTERM during start-up must reach the stream, not kill us.
        let signals = SignalEvents()
        defer { signals.cancel() }
        let configuration: Configuration
        do {
            configuration = try ConfigurationLoader.load(path: configurationPath)
        } catch {
            FileHandle.standardError.write(Data("socialsync: configuration error: \(error)\n".utf8))
            return 78
        }
        let log = LogSink(format: configuration.logFormat, level: configuration.logLevel, environment: environment)
        let registry = MetricsRegistry()
        let events = CompositeEventSink([log, MetricsSink(registry: registry)])
        do {
            let services = try await DaemonServices.start(configuration: configuration, environment: environment, registry: registry, events: events)
            await serve(services, configuration: configuration, log: log, signals: signals)
            return 0
        } catch let failure as StartupFailure {
            events.record(.failure(component: "startup", instance: nil, detail: failure.description))
            return failure.exitCode
        } catch {
            events.record(.failure(component: "startup", instance: nil, detail: String(describing: error)))
            return 70
        }
    }

    /// The running daemon: its services under one group, started in order (the work, then
    /// what reports on it, then the watchdog that vouches for it) and stopped in reverse;
    /// signals steer it from here.
    private func serve(_ services: DaemonServices, configuration: Configuration, log: LogSink, signals: SignalEvents) async {
        let events = services.events
        var group = [
            ServiceGroup.Service(name: "engine") {
                await services.engine.run(
                    heartbeat: { services.liveness.heartbeat(loop: $0) },
                    retired: { services.liveness.retire(loop: $0) },
                    ready: { Task { await services.becomeReady() } })
            },
            ServiceGroup.Service(name: "service requests") { await services.requests.run() },
            ServiceGroup.Service(name: "journal") { await JournalFollower(store: services.store, events: events).run() },
            ServiceGroup.Service(name: "status") { await services.publishStatus() },
        ]
        if let schedule = WatchdogSchedule(environment: environment) {
            group.append(ServiceGroup.Service(name: "watchdog") {
                await WatchdogPinger(schedule: schedule, notifier: services.notifier, liveness: services.liveness, events: events).run()
            })
        }
        var current = configuration
        await ServiceGroup(services: group, events: events).run {
            services.notify(.ready, .status("started; first pass running"))
            events.record(.lifecycle(.ready, detail: "store \(configuration.storePath), listen \(configuration.listen?.description ?? "off")"))
            for await signal in signals.signals {
                if signal == .hangup {
                    current = reload(current, services: services, log: log)
                    continue
                }
                services.notify(.stopping)
                events.record(.lifecycle(.stopping, detail: "signal \(signal)"))
                return
            }
        }
        await services.stop()
        events.record(.lifecycle(.stopped, detail: "in-flight work finished, store closed"))
    }

    /// SIGHUP: re-reads the file; intervals, confirmations and logging change at once, a
    /// changed store, listen address or health request rate needs a restart (said in the log). A file that does
    /// not validate is rejected whole and the running configuration kept.
    private func reload(_ current: Configuration, services: DaemonServices, log: LogSink) -> Configuration {
        services.notify(.reloadingNow())
        defer { services.notify(.ready) }
        let candidate: Configuration
        do {
            candidate = try ConfigurationLoader.load(path: configurationPath)
        } catch {
            services.events.record(.lifecycle(.reloadRejected, detail: "\(error); keeping the running configuration"))
            return current
        }
        services.settings.replace(with: EngineSettings(candidate))
        log.reconfigure(format: candidate.logFormat, level: candidate.logLevel)
        if candidate.storePath != current.storePath || candidate.listen != current.listen || candidate.healthRequestsPerSecond != current.healthRequestsPerSecond {
            services.events.record(.warning(component: "reload", detail: "store, listen and health_requests_per_second changes take effect after a restart"))
        }
        services.events.record(.lifecycle(.reloaded, detail: candidate.sourceFile ?? "defaults"))
        var applied = candidate
        applied.storePath = current.storePath
        applied.listen = current.listen
        applied.healthRequestsPerSecond = current.healthRequestsPerSecond
        return applied
    }
}
