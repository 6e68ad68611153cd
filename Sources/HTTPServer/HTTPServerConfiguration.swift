/// Where to listen and the limits that keep one client from starving the others.
public struct HTTPServerConfiguration: Sendable {
    /// A numeric IPv4 or IPv6 address (`127.0.0.1`, `::1`) or `localhost`.
    public var host: String
    /// 0 asks the kernel for an ephemeral port; the server reports the one it got.
    public var port: Int
    public var limits: HTTPParseLimits
    /// Time allowed to receive a whole request (header and body) from its first byte, or
    /// for an idle keep-alive connection to start one, and for a stalled write to progress.
    /// Measured per request rather than per byte, so a slow sender cannot hold a connection.
    public var readTimeout: Duration
    /// Open connections beyond this evict the longest-waiting idle connection.
    public var maxConnections: Int
    /// Requests answered per second on average, `burst` of them at once; beyond that a
    /// request waits for its turn (`RequestPacer`). nil answers as fast as requests come.
    public var requestsPerSecond: Int?
    public var burst: Int

    public init(
        host: String = "127.0.0.1", port: Int = 0, limits: HTTPParseLimits = HTTPParseLimits(),
        readTimeout: Duration = .seconds(10), maxConnections: Int = 256, requestsPerSecond: Int? = nil, burst: Int = 1
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.readTimeout = readTimeout
        self.maxConnections = maxConnections
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
    }
}
