import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore
import Synchronization

/// Schedules the reconciler over every instance: `runOnce` for `socialsync reconcile`, and
/// `run` for the daemon, where each instance has a loop of its own so one slow or dead
/// instance never delays the others. Both run exactly the same per-instance steps.
public final class ReconcileEngine: Sendable {
    let store: StoreActor
    let connector: InstanceConnector
    let settings: SharedEngineSettings
    let events: any DaemonEventSink
    let clock: EngineClock
    /// Shared with the status publisher, so neither recounts what the other just counted.
    let linkCounts = LinkCountCache()
    private let clients = Mutex<[String: (fingerprint: String, client: DataverseClient)]>([:])
    /// Why each instance the daemon cannot connect to fails, for `/status`.
    private let failingConnections = Mutex<[String: String]>([:])
    /// R44: each instance's creation pacing, kept across its iterations.
    private let pacers = Mutex<[String: CreationPacer]>([:])
    /// Whole-table verification pages held at once, across every instance.
    private let activityPages = AsyncSemaphore(permits: InstanceReconciler.activityPagesAtOnce)

    public init(
        store: StoreActor, connector: InstanceConnector, settings: SharedEngineSettings, events: any DaemonEventSink, clock: EngineClock = .system
    ) {
        self.store = store
        self.connector = connector
        self.settings = settings
        self.events = events
        self.clock = clock
    }

    /// What one iteration of an instance's loop came to.
    public enum IterationOutcome: Sendable, Equatable {
        /// The instance is deleted or no longer in the store: its loop ends and its metric
        /// series go.
        case gone
        /// No client could be made (an unreadable secret, a credential outside systemd): the
        /// loop goes on, since the operator can fix it without a restart, and the instance
        /// reads as down.
        case cannotConnect(String)
        /// Polled, and not fit for verification or creations now.
        case unavailable
        /// Polled healthy; verification and the outbox ran as due.
        case ready
    }

    /// One full pass: poll every instance, verify every link, restore re-associated links,
    /// flush the outbox. Instances are handled concurrently.
    public func runOnce() async throws {
        let ids = try await liveInstanceIDs()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask {
                    if case .cannotConnect(let cause) = try await self.iteration(of: id, fullVerification: true) {
                        self.reportConnectionFailure(of: id, cause)
                    }
                }
            }
            try await group.waitForAll()
        }
        try await publishCounts()
    }

    /// The daemon: a loop per instance, and a supervisor that starts loops for instances
    /// added while it runs. Returns when cancelled. `heartbeat` proves a loop alive (for the
    /// watchdog and /livez), `retired` says a loop ended (its instance was deleted), and
    /// `ready` is called once every instance had its first pass.
    public func run(
        heartbeat: @escaping @Sendable (String) -> Void, retired: @escaping @Sendable (String) -> Void,
        ready: @escaping @Sendable () -> Void
    ) async {
        let loops = InstanceLoops()
        await withTaskGroup(of: Void.self) { group in
            var isFirstRound = true
            while !Task.isCancelled {
                heartbeat("supervisor")
                let ids = (try? await liveInstanceIDs()) ?? []
                let started = loops.start(ids)
                if isFirstRound {
                    isFirstRound = false
                    if loops.awaitFirstPasses(of: ids) { ready() }
                }
                for id in started {
                    group.addTask {
                        let instanceGone = await self.loop(of: id, heartbeat: heartbeat) { id in
                            if loops.firstPassDone(id) { ready() }
                        }
                        loops.stopped(id)
                        retired(id)
                        if instanceGone { self.events.record(.instanceRetired(instance: id)) }
                    }
                }
                try? await Task.sleep(for: .seconds(settings.value.pollIntervalSeconds))
            }
            group.cancelAll()
        }
    }

    /// One instance's loop: poll every interval (with ±10 % jitter, so instances drift
    /// apart), verify all links every verify interval, flush the outbox while healthy.
    /// Returns true when it ended because the instance was deleted, false when cancelled.
    func loop(of id: String, heartbeat: @Sendable (String) -> Void, firstPassDone: @Sendable (String) -> Void) async -> Bool {
        var nextFullVerification = clock.now()
        var first = true
        var instanceGone = false
        /// The cause last reported for an instance the engine cannot connect to: a cause is
        /// logged when it starts or changes, not every round.
        var connectionFailure: String?
        while !Task.isCancelled {
            heartbeat(id)
            let full = clock.now() >= nextFullVerification
            do {
                let outcome = try await iteration(of: id, fullVerification: full)
                if outcome == .gone {
                    instanceGone = true
                    break
                }
                if case .cannotConnect(let cause) = outcome {
                    if cause != connectionFailure { reportConnectionFailure(of: id, cause) }
                    events.record(.instanceUnreachable(instance: id))
                    connectionFailure = cause
                } else {
                    connectionFailure = nil
                }
                failingConnections.withLock { $0[id] = connectionFailure }
                if full && outcome == .ready {
                    nextFullVerification = clock.now().addingTimeInterval(settings.value.verifyIntervalSeconds)
                }
                try await publishCounts()
            } catch is CancellationError {
                break
            } catch {
                events.record(.failure(component: "reconciler", instance: id, detail: String(describing: error)))
            }
            if first {
                first = false
                firstPassDone(id)
            }
            let interval = settings.value.pollIntervalSeconds * (0.9 + 0.2 * clock.unitRandom())
            do { try await Task.sleep(for: .seconds(interval)) } catch { break }
        }
        firstPassDone(id)
        failingConnections.withLock { $0[id] = nil }
        return instanceGone
    }

    /// The instances whose loop cannot connect now, with the cause.
    public var connectionFailures: [String: String] { failingConnections.withLock { $0 } }

    func reportConnectionFailure(of id: String, _ cause: String) {
        events.record(.failure(component: "connection", instance: id, detail: cause))
    }

    /// The steps of one instance, shared by `runOnce` and the daemon's loops; each step
    /// times itself under its own kind.
    @discardableResult
    func iteration(of id: String, fullVerification: Bool) async throws -> IterationOutcome {
        let reconciler: InstanceReconciler
        switch try await connection(to: id) {
        case .gone: return .gone
        case .cannotConnect(let cause): return .cannotConnect(cause)
        case .connected(let connected): reconciler = connected
        }
        let hasErroredLinks: Bool
        switch try await reconciler.poll() {
        case .gone: return .gone
        case .unavailable: return .unavailable
        case .ready(let errored): hasErroredLinks = errored
        }
        try Task.checkCancellation()
        if fullVerification || hasErroredLinks {
            try await reconciler.verify(fullVerification ? .all : .errored)
            try Task.checkCancellation()
            try await reconciler.restoreReassociated()
        }
        try Task.checkCancellation()
        try await reconciler.flushOutbox()
        return .ready
    }

    enum Connection {
        case gone
        case cannotConnect(String)
        case connected(InstanceReconciler)
    }

    /// The reconciler of an instance with a client that lives as long as its connection
    /// details stay the same (the token cache and throttling deadline live in the client).
    func connection(to id: String) async throws -> Connection {
        guard let instance = try await store.read({ try $0.instances.get(id) }), !instance.isDeleted else { return .gone }
        let client: DataverseClient
        do {
            client = try self.client(for: instance)
        } catch {
            return .cannotConnect(String(describing: error))
        }
        return .connected(InstanceReconciler(
            instanceID: id, store: store, client: client, settings: settings.value, clock: clock, events: events, pacer: pacer(for: id),
            activityPages: activityPages))
    }

    /// The instance's pacer, made again when a reload changed the rate.
    func pacer(for id: String) -> CreationPacer {
        let rate = settings.value.creationRequestsPerMinute
        return pacers.withLock { pacers in
            if let pacer = pacers[id], pacer.requestsPerMinute == rate { return pacer }
            let pacer = CreationPacer(requestsPerMinute: rate, now: clock.now())
            pacers[id] = pacer
            return pacer
        }
    }

    /// The instance's client, shared by its loop and the requests the command line leaves
    /// for the daemon (`ServiceRequestHandler`); made again when the connection details change.
    func client(for instance: Instance) throws -> DataverseClient {
        let fingerprint = [instance.url.absoluteString, instance.effectiveTokenURL.absoluteString, instance.clientID, instance.clientSecretFile].joined(separator: "\n")
        if let cached = clients.withLock({ $0[instance.id] }), cached.fingerprint == fingerprint {
            return cached.client
        }
        let client = try connector.client(for: instance)
        clients.withLock { $0[instance.id] = (fingerprint, client) }
        return client
    }

    func liveInstanceIDs() async throws -> [String] {
        try await store.read { try $0.instances.all().filter { !$0.isDeleted }.map(\.id) }
    }

    func publishCounts() async throws {
        let counts = try await store.read { [linkCounts] in try linkCounts.counts($0) }
        events.record(.linkCounts(counts))
    }
}
