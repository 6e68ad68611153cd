import HTTPServer

/// A simulator bound to a socket: what the `d365-sim` executable runs, and what tests can
/// start in-process.
public final class SimulatorServer: Sendable {
    public let simulator: Simulator
    /// `http://127.0.0.1:PORT`; an organization's instance URL is `<baseURL>/<org>`.
    public let baseURL: String
    public let port: Int
    private let server: HTTPServer

    private init(simulator: Simulator, baseURL: String, server: HTTPServer) {
        self.simulator = simulator
        self.baseURL = baseURL
        self.server = server
        port = server.port
    }

    /// Limits sized for Dataverse traffic: URLs up to its 32,768 characters plus headers,
    /// and admin bulk inserts of many rows.
    public static func start(simulator: Simulator = Simulator(), host: String = "127.0.0.1", port: Int = 0)
        throws(HTTPServerStartError) -> SimulatorServer
    {
        let configuration = HTTPServerConfiguration(
            host: host, port: port,
            limits: HTTPParseLimits(maxHeaderBytes: 64 * 1024, maxBodyBytes: 512 * 1024 * 1024),
            readTimeout: .seconds(30), maxConnections: 1024)
        let server = try HTTPServer.start(configuration: configuration) { simulator.handle($0) }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let baseURL = "http://\(hostPart):\(server.port)"
        simulator.baseURL = baseURL
        return SimulatorServer(simulator: simulator, baseURL: baseURL, server: server)
    }

    public func instanceURL(_ organization: String) -> String { baseURL + "/" + organization }

    public func stop() { server.stop() }
}
