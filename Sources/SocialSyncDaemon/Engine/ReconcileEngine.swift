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
    let now: @Sendable () -> Date
    /// Shared with the status publisher, so neither recounts what the other just counted.
    let linkCounts = LinkCountCache()
    private let clients = Mutex<[String: (fingerprint: String, client: DataverseClient)]>([:])
    /// R44: each instance's creation pacing, kept across its iterations.
    private let pacers = Mutex<[String: CreationPacer]>([:])
    /// Whole-table verification pages held at once, across every instance.
    private let activityPages = AsyncSemaphore(permits: ReconcilerSettings.activityPagesAtOnce)

    public init(
        store: StoreActor, connector: InstanceConnector, settings: SharedEngineSettings, events: any DaemonEventSink,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.connector = connector
        self.settings = settings
        self.events = events
        self.now = now
    }

    /// One full pass: poll every instance, verify every link, restore re-associated links,
    /// flush the outbox. Instances are handled concurrently.
    public func runOnce() async throws {
        let ids = try await liveInstanceIDs()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask { try await self.iteration(of: id, fullVerification: true) }
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
        var nextFullVerification = now()
        var first = true
        var instanceGone = false
        while !Task.isCancelled {
            heartbeat(id)
            let full = now() >= nextFullVerification
            do {
                let outcome = try await iteration(of: id, fullVerification: full)
                if outcome.isRetired {
                    instanceGone = true
                    break
                }
                if full && outcome.canVerify {
                    nextFullVerification = now().addingTimeInterval(settings.value.verifyIntervalSeconds)
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
            let interval = settings.value.pollIntervalSeconds * Double.random(in: 0.9...1.1)
            do { try await Task.sleep(for: .seconds(interval)) } catch { break }
        }
        firstPassDone(id)
        return instanceGone
    }

    /// The steps of one instance, shared by `runOnce` and the daemon's loops.
    @discardableResult
    func iteration(of id: String, fullVerification: Bool) async throws -> InstanceReconciler.PollOutcome {
        guard let reconciler = try await reconciler(for: id) else {
            return InstanceReconciler.PollOutcome(isRetired: true, canVerify: false, hasErroredLinks: false)
        }
        let started = now()
        let outcome = try await reconciler.poll()
        if outcome.canVerify {
            try Task.checkCancellation()
            if fullVerification {
                try await reconciler.verify(.all)
            } else if outcome.hasErroredLinks {
                try await reconciler.verify(.errored)
            }
            try Task.checkCancellation()
            try await reconciler.flushOutbox()
        }
        events.record(.passFinished(instance: id, kind: .poll, seconds: now().timeIntervalSince(started), verified: 0, changed: 0, undetermined: 0))
        return outcome
    }

    /// The reconciler of an instance with a client that lives as long as its connection
    /// details stay the same (the token cache and throttling deadline live in the client).
    func reconciler(for id: String) async throws -> InstanceReconciler? {
        guard let instance = try await store.read({ try $0.instances.get(id) }), !instance.isDeleted else { return nil }
        let client: DataverseClient
        do {
            client = try self.client(for: instance)
        } catch {
            events.record(.failure(component: "connection", instance: id, detail: String(describing: error)))
            return nil
        }
        let current = settings.value
        let reconcilerSettings = ReconcilerSettings(
            confirmations: current.confirmations, verificationMode: current.verificationMode, activityPages: activityPages, now: now)
        return InstanceReconciler(instanceID: id, store: store, client: client, settings: reconcilerSettings, events: events, pacer: pacer(for: id))
    }

    /// The instance's pacer, made again when a reload changed the rate.
    func pacer(for id: String) -> CreationPacer {
        let rate = settings.value.creationRequestsPerMinute
        return pacers.withLock { pacers in
            if let pacer = pacers[id], pacer.requestsPerMinute == rate { return pacer }
            let pacer = CreationPacer(requestsPerMinute: rate, now: now())
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
