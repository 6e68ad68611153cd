import HTTPServer
import Synchronization

/// The simulated Dataverse estate: organizations, their rows, tokens, faults, counters.
/// One lock guards it all; requests arrive one at a time from the server's event loop
/// anyway, the lock is for tests and loaders calling in from other threads.
public final class Simulator: Sendable {
    private let state: Mutex<SimulatorState>

    public init(baseURL: String = "http://127.0.0.1") {
        state = Mutex(SimulatorState(baseURL: baseURL))
    }

    /// Answers one request; the `HTTPServer` handler. The simulator's clock is the real
    /// one plus what tests advanced it by (`POST /_admin/clock/advance`).
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let now = ContinuousClock.now
        return state.withLock { $0.handle(request, now: now + $0.clockAdvance) }
    }

    /// How long every Web API answer is held before it is written (`--latency-ms`): the
    /// event loop keeps serving other connections meanwhile, so concurrent requests overlap
    /// their waits as they would against a distant instance.
    public var latency: Duration {
        get { state.withLock { $0.latency } }
        set { state.withLock { $0.latency = newValue } }
    }

    /// Where clients reach the simulator (`http://127.0.0.1:PORT`), known once bound; it
    /// prefixes every link, context and instance URL the simulator hands out.
    public var baseURL: String {
        get { state.withLock { $0.baseURL } }
        set { state.withLock { $0.baseURL = newValue } }
    }

    public func addOrganization(_ settings: OrganizationSettings) throws(SimulatorError) {
        try state.withLock { state throws(SimulatorError) in try state.addOrganization(settings) }
    }

    /// Loads a seed file: `{"organizations":[{"name",...,"rows":{"<set>":[{"id",...}]}}]}`.
    public func loadSeed(_ bytes: [UInt8]) throws(SimulatorError) {
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch {
            throw .badRequest("the seed file is not JSON")
        }
        guard let organizations = json["organizations"]?.arrayValue else {
            throw .badRequest("the seed file needs an \"organizations\" array")
        }
        try state.withLock { state throws(SimulatorError) in
            for entry in organizations {
                let settings = try OrganizationSettings(json: entry)
                try state.addOrganization(settings)
                for (set, rows) in entry["rows"]?.objectValue ?? [] {
                    _ = try state.withOrganization(settings.name) { organization throws(SimulatorError) in
                        try organization.insertRows(set: set, .object([("rows", rows)]))
                    }
                }
            }
        }
    }

    /// Adds the generated organizations and rows described by `GeneratedData`.
    public func generate(_ data: GeneratedData) throws(SimulatorError) {
        try state.withLock { state throws(SimulatorError) in
            for instance in 1...data.instances {
                let settings = data.settings(instance: instance)
                try state.addOrganization(settings)
                state.organizations[settings.name]!.insertGenerated(data, instance: instance)
            }
        }
    }
}
