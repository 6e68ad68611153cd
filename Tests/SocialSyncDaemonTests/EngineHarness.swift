import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore
import Synchronization
import Testing
import TestSupport

/// Records the daemon's events for assertions.
final class RecordingSink: DaemonEventSink {
    private let events = Mutex<[DaemonEvent]>([])

    func record(_ event: DaemonEvent) { events.withLock { $0.append(event) } }

    var all: [DaemonEvent] { events.withLock { $0 } }
}

/// A store on a temporary file, one instance on a `d365-sim` organization, and `count`
/// posts linked to incidents that exist there (activity i regarding incident i).
struct EngineHarness {
    let simulator: SimulatorProcess
    let organization: SimulatorProcess.Organization
    let directory: TemporaryDirectory
    let store: StoreActor
    let engine: ReconcileEngine
    let events: RecordingSink
    let count: Int

    static let instanceID = "contoso"
    static let epoch = Date(timeIntervalSince1970: 1_700_000_000)

    static func activity(_ index: Int) -> String { testGUID(0xac, index) }
    static func incident(_ index: Int) -> String { testGUID(0x1c, index) }

    /// `instanceURL` rewrites the organization's instance URL as an operator might have typed it.
    static func make(
        _ simulator: SimulatorProcess, count: Int = 6, confirmations: Int = 2, instanceURL: (URL) -> URL = { $0 },
        creationRequestsPerMinute: Int = Configuration.defaults.creationRequestsPerMinute,
        verificationMode: VerificationModeSetting = Configuration.defaults.verificationMode
    ) async throws -> EngineHarness {
        var created = try await simulator.createOrganization("contoso")
        created.instanceURL = instanceURL(created.instanceURL)
        let organization = created
        try await simulator.insertRows(organization, set: "incidents", (0..<count).map { ["id": incident($0), "title": "case \($0)"] })
        try await simulator.insertRows(organization, set: "socialactivities", (0..<count).map {
            ["id": activity($0), "subject": "post \($0)", "regarding": ["entity": "incident", "id": incident($0)]]
        })
        let directory = TemporaryDirectory("engine")
        let secretFile = try directory.write("contoso.secret", organization.secret + "\n")
        let store = try StoreActor(path: directory.path("store.db"))
        try await store.write { transaction in
            try transaction.instances.insert(Instance(
                id: instanceID, name: "Contoso", url: organization.instanceURL, tenantID: "tenant-contoso",
                clientID: organization.clientID, clientSecretFile: secretFile, tokenURL: organization.tokenURL, connectedOn: epoch))
            try transaction.posts.insert((0..<count).map {
                Post(id: "p\($0)", url: "https://example.test/\($0)", author: "author \($0)", text: "text \($0)", sentiment: .neutral, tags: [], source: .twitter, publishedAt: epoch)
            })
            for index in 0..<count {
                try transaction.links.insert(
                    postID: "p\(index)", instanceID: instanceID, activityID: activity(index),
                    record: RecordReference(entity: "incident", id: incident(index)), state: .active, reason: nil, actor: .admin, at: epoch)
            }
        }
        let events = RecordingSink()
        let configuration = Configuration.defaults
        let connector = InstanceConnector(transport: simulator.transport, configuration: configuration, environment: [:], events: events)
        let settings = SharedEngineSettings(EngineSettings(
            pollIntervalSeconds: 0.2, verifyIntervalSeconds: 0.2, confirmations: confirmations, creationRequestsPerMinute: creationRequestsPerMinute,
            verificationMode: verificationMode))
        let engine = ReconcileEngine(store: store, connector: connector, settings: settings, events: events)
        return EngineHarness(simulator: simulator, organization: organization, directory: directory, store: store, engine: engine, events: events, count: count)
    }

    /// Runs `times` full passes, as `socialsync reconcile` would.
    func passes(_ times: Int) async throws {
        for _ in 0..<times { try await engine.runOnce() }
    }

    /// The current (newest) link of each post: state and reason.
    func states() async throws -> [String: String] {
        try await store.read { transaction in
            var states: [String: String] = [:]
            try transaction.links.forEach { link in
                states[link.postID] = link.state.rawValue + (link.reason.map { "(\($0.rawValue))" } ?? "")
            }
            return states
        }
    }

    func state(of post: String) async throws -> String { try await states()[post] ?? "none" }

    /// A reconciler of the instance on its own, for steps a full pass would not take now
    /// (a verification while the instance is failing), with its own clock and pacing if given.
    /// `clock` also times the client's Retry-After, which otherwise runs on the real clock.
    func reconciler(
        settings: EngineSettings = EngineSettings(confirmations: 2),
        pacer: CreationPacer = CreationPacer(requestsPerMinute: Configuration.defaults.creationRequestsPerMinute, now: Date()),
        clock: ManualClock? = nil
    ) async throws -> InstanceReconciler {
        let instance = try #require(try await store.read { try $0.instances.get(EngineHarness.instanceID) })
        let connector = InstanceConnector(transport: simulator.transport, configuration: .defaults, environment: [:], events: events)
        let client = try clock.map { clock in try simulator.client(organization, clock: { clock.now }) } ?? connector.client(for: instance)
        return InstanceReconciler(
            instanceID: instance.id, store: store, client: client, settings: settings, clock: clock.map { clock in EngineClock(now: { clock.now }) } ?? .system,
            events: events, pacer: pacer)
    }

    /// `engine.run` as the daemon runs it, returned once every instance had its first pass.
    func startEngine() async throws -> Task<Void, Never> {
        let ready = AsyncStream<Void>.makeStream()
        let running = Task { [engine] in
            await engine.run(heartbeat: { _ in }, retired: { _ in }, ready: { ready.continuation.yield() })
        }
        for await _ in ready.stream { break }
        return running
    }

    func verdict() async throws -> Verdict {
        try await store.read { try $0.instances.get(EngineHarness.instanceID)?.verdict ?? .unknown }
    }

}
