import Dataverse
import Foundation
import SocialSyncCore

/// Everything the running daemon holds, opened in order by `start` and closed in reverse
/// by `stop`.
struct DaemonServices: Sendable {
    let lock: StoreLock
    let store: StoreActor
    let engine: ReconcileEngine
    let requests: ServiceRequestHandler
    let settings: SharedEngineSettings
    let health: HealthServer?
    let board: StatusBoard
    let liveness: LivenessTracker
    let notifier: SystemdNotifier
    let events: any DaemonEventSink

    static func start(configuration: Configuration, environment: [String: String], registry: MetricsRegistry, events: any DaemonEventSink) async throws -> DaemonServices {
        events.record(.lifecycle(.starting, detail: "socialsync \(SocialSyncVersion.current), configuration \(configuration.sourceFile ?? "defaults")"))
        // Before the store is opened, so a second daemon does not even migrate it.
        let lock: StoreLock
        do {
            lock = try StoreLock.acquire(store: configuration.storePath)
        } catch {
            throw Daemon.StartupFailure(exitCode: error.exitCode, description: error.description)
        }
        let store: StoreActor
        do {
            store = try StoreActor(path: configuration.storePath)
        } catch {
            throw Daemon.StartupFailure(exitCode: 73, description: "cannot open the store: \(error)")
        }
        if let mode = store.exposedPermissions {
            events.record(.warning(component: "store", detail: "store \(configuration.storePath) has mode \(String(mode, radix: 8)); it should be 600"))
        }
        let board = StatusBoard()
        // A loop may go this long without a beat (a long verification pass) before it counts as stuck.
        let liveness = LivenessTracker(defaultAllowance: .seconds(max(300, 4 * configuration.pollIntervalSeconds)))
        let router = HealthRouter(
            snapshot: { board.latest }, isAlive: { liveness.isAlive() }, metrics: { registry.render() },
            identity: HealthDocument.Identity(version: SocialSyncVersion.current))
        let health: HealthServer?
        do {
            health = try HealthServer.start(listen: configuration.listen, router: router, requestsPerSecond: configuration.healthRequestsPerSecond)
        } catch {
            await store.close()
            throw Daemon.StartupFailure(exitCode: 69, description: error.description)
        }
        let transport: CurlTransport
        do {
            transport = try CurlTransport()
        } catch {
            health?.stop()
            await store.close()
            throw Daemon.StartupFailure(exitCode: 70, description: error.description)
        }
        let settings = SharedEngineSettings(EngineSettings(configuration))
        let connector = InstanceConnector(transport: transport, configuration: configuration, environment: environment, events: events)
        let engine = ReconcileEngine(store: store, connector: connector, settings: settings, events: events)
        return DaemonServices(
            lock: lock, store: store, engine: engine, requests: ServiceRequestHandler(store: store, engine: engine, events: events),
            settings: settings, health: health, board: board, liveness: liveness,
            notifier: SystemdNotifier(environment: environment), events: events)
    }

    func notify(_ messages: SystemdNotifier.Message...) {
        for message in messages {
            do { try notifier.notify(message) } catch { events.record(.failure(component: "notify", instance: nil, detail: error.description)) }
        }
    }

    /// Publishes the status snapshot (for /status, /readyz) and systemd's STATUS= line
    /// once per poll interval; the endpoint's handlers only ever read the last one.
    func publishStatus() async {
        while !Task.isCancelled {
            liveness.heartbeat(loop: "status")
            await publishSnapshot()
            do { try await Task.sleep(for: .seconds(min(settings.value.pollIntervalSeconds, 15))) } catch { return }
        }
    }

    /// Readiness comes with a fresh snapshot, so `/readyz` answering 200 means `/status`
    /// already shows the first pass's verdicts.
    func becomeReady() async {
        await publishSnapshot()
        board.update { $0.isReady = true }
    }

    private func publishSnapshot() async {
        do {
            let (instances, counts, depth) = try await store.read { transaction in
                let live = try transaction.instances.all().filter { !$0.isDeleted }
                return (try live.map { ($0, try transaction.outbox.backlog(instanceID: $0.id)) }, try engine.linkCounts.counts(transaction), try transaction.outbox.count())
            }
            let now = engine.clock.now()
            let failures = engine.connectionFailures
            let statuses = instances.map { StatusSnapshot.InstanceStatus($0.0, outbox: $0.1, at: now, connectionFailure: failures[$0.0.id]) }
            for status in statuses {
                events.record(.outboxBacklog(instance: status.id, items: status.outboxItems, oldestAgeSeconds: status.outboxOldestAgeSeconds))
            }
            board.update { snapshot in
                snapshot.instances = statuses
                snapshot.linkCounts = counts
                snapshot.outboxDepth = depth
            }
            let healthy = statuses.filter { $0.verdict == .healthy }.count
            let live = statuses.count
            notify(.status("\(healthy)/\(live) instances healthy; links: \(counts[.active] ?? 0) active, \(counts[.errored] ?? 0) errored, \(counts[.broken] ?? 0) broken; outbox \(depth)"))
        } catch {
            events.record(.failure(component: "status", instance: nil, detail: String(describing: error)))
        }
    }

    /// In reverse order of `start`: the endpoint, the store (checkpointed), then the lock.
    func stop() async {
        health?.stop()
        await store.close()
        lock.release()
    }
}
