import HTTPServer

/// The health endpoint's routes as a pure function of a request. Every answer comes from
/// memory (the latest snapshot, the liveness tracker, the metrics registry): nothing
/// here does I/O or waits, because it runs on the HTTP server's only thread.
public struct HealthRouter: Sendable {
    private let snapshot: @Sendable () -> StatusSnapshot
    private let isAlive: @Sendable () -> Bool
    private let metrics: @Sendable () -> String
    private let identity: HealthDocument.Identity

    /// - Parameters:
    ///   - snapshot: the latest published snapshot, typically `{ board.latest }`.
    ///   - isAlive: asked on every `/livez`, typically `{ liveness.isAlive() }`; evaluated
    ///     now rather than published, so a hung engine cannot report itself alive.
    ///   - metrics: the Prometheus text, typically `{ registry.render() }`.
    public init(
        snapshot: @escaping @Sendable () -> StatusSnapshot, isAlive: @escaping @Sendable () -> Bool,
        metrics: @escaping @Sendable () -> String, identity: HealthDocument.Identity
    ) {
        self.snapshot = snapshot
        self.isAlive = isAlive
        self.metrics = metrics
        self.identity = identity
    }

    public static let paths: Set<String> = ["/livez", "/healthz", "/readyz", "/status", "/metrics"]

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        guard Self.paths.contains(request.path) else {
            return plain(404, "not found: try /livez, /readyz, /status or /metrics\n")
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = plain(405, "method not allowed\n")
            response.headers.set("Allow", "GET, HEAD")
            return response
        }
        switch request.path {
        case "/livez", "/healthz":
            return isAlive() ? plain(200, "ok\n") : plain(503, "a work loop is stuck\n")
        case "/readyz":
            return snapshot().isReady ? plain(200, "ok\n") : plain(503, "not ready: the first pass has not finished\n")
        case "/status":
            let document = HealthDocument(snapshot: snapshot(), isAlive: isAlive(), identity: identity)
            return answer(document.status.httpStatus, HealthDocument.mediaType, document.json.rendered(pretty: true) + "\n")
        default:
            return answer(200, PrometheusText.contentType, metrics())
        }
    }

    private func plain(_ status: Int, _ body: String) -> HTTPResponse {
        answer(status, "text/plain; charset=utf-8", body)
    }

    /// Health answers describe this instant: no cache may keep them.
    private func answer(_ status: Int, _ contentType: String, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType, "Cache-Control": "no-store"], body: Array(body.utf8))
    }
}
