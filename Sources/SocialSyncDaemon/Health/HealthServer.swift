import HTTPServer

/// Why the health endpoint could not start; names the address so the operator knows
/// which `listen` value to fix.
public struct HealthServerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var listen: ListenAddress
    public var underlying: HTTPServerStartError

    public var description: String { "cannot serve health endpoint on \(listen): \(underlying)" }
}

/// The health and metrics endpoint on the HTTP server's own thread.
public final class HealthServer: Sendable {
    private let server: HTTPServer

    /// The bound port (the kernel's choice when `listen` asked for port 0).
    public var port: Int { server.port }

    private init(server: HTTPServer) {
        self.server = server
    }

    /// Starts serving on `listen`, or returns nil when the endpoint is turned off
    /// (`"listen": ""` is a nil address). Requests are small GETs: headers are capped at
    /// 8 KiB (431 beyond) and a client gets `readTimeout` to send a whole request. At most
    /// `requestsPerSecond` are answered per second (a second's worth at once); the rest wait.
    public static func start(
        listen: ListenAddress?, router: HealthRouter, requestsPerSecond: Int = Configuration.defaults.healthRequestsPerSecond,
        readTimeout: Duration = .seconds(5)
    ) throws(HealthServerError) -> HealthServer? {
        guard let listen else { return nil }
        let configuration = HTTPServerConfiguration(
            host: listen.host, port: Int(listen.port), limits: HTTPParseLimits(maxHeaderBytes: 8 * 1024, maxBodyBytes: 1024),
            readTimeout: readTimeout, maxConnections: 64, requestsPerSecond: requestsPerSecond, burst: requestsPerSecond)
        do {
            return HealthServer(server: try HTTPServer.start(configuration: configuration, handler: router.respond))
        } catch {
            throw HealthServerError(listen: listen, underlying: error)
        }
    }

    /// Closes the socket and waits for the server thread to end. Safe to call twice.
    public func stop() {
        server.stop()
    }
}
