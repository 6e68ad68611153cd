import HTTPServer

/// Everything the simulator holds, mutated only under `Simulator`'s lock.
struct SimulatorState: Sendable {
    struct IssuedToken: Sendable {
        var organization: String
        var expiresAt: ContinuousClock.Instant
        var generation: Int
    }

    /// `http://127.0.0.1:PORT`, known once the server is bound.
    var baseURL: String
    var organizations: [String: Organization] = [:]
    var tokens: [String: IssuedToken] = [:]
    /// How far tests moved the clock ahead (token lifetimes, Retry-After windows): waiting
    /// out a lifetime becomes one admin request instead of a sleep.
    var clockAdvance: Duration = .zero
    /// Added to every Web API answer's delay (`Simulator.latency`).
    var latency: Duration = .zero

    static let apiPath = "/api/data/v9.2/"

    init(baseURL: String) {
        self.baseURL = baseURL
    }

    func instanceURL(_ organization: String) -> String { baseURL + "/" + organization }

    func tokenURL(_ settings: OrganizationSettings) -> String { baseURL + "/" + settings.tenant + "/oauth2/v2.0/token" }

    mutating func addOrganization(_ settings: OrganizationSettings) throws(SimulatorError) {
        guard organizations[settings.name] == nil else { throw .conflict("organization \(settings.name) already exists") }
        organizations[settings.name] = Organization(settings: settings)
    }

    /// Runs `body` on the stored organization in place (no copy of its tables).
    mutating func withOrganization<Result>(
        _ name: String, _ body: (inout Organization) throws(SimulatorError) -> Result
    ) throws(SimulatorError) -> Result {
        guard organizations[name] != nil else { throw .notFound("no organization named \(name)") }
        return try body(&organizations[name]!)
    }

    /// Routes one request: admin API, token endpoint, or an organization's Web API.
    mutating func handle(_ request: HTTPRequest, now: ContinuousClock.Instant) -> HTTPResponse {
        let parts = request.path.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].isEmpty, !parts[1].isEmpty else { return notFound(request) }
        let first = String(parts[1])
        if first == "_admin" { return handleAdmin(request, now: now) }
        let rest = request.path.dropFirst(first.count + 1)
        if rest == "/oauth2/v2.0/token" { return handleTokenRequest(tenant: first, request, now: now) }
        if rest.hasPrefix(Self.apiPath) {
            return handleWebAPI(organization: first, resource: String(rest.dropFirst(Self.apiPath.count)), request, now: now)
        }
        return notFound(request)
    }

    private func notFound(_ request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(status: 404, contentType: "text/plain", body: "d365-sim: nothing at \(request.path)\n")
    }
}
