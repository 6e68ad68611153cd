/// An answer for the event loop to write, possibly later and possibly on purpose broken
/// (the simulator reproduces network failures with `delivery`).
public struct HTTPResponse: Sendable, Equatable {
    /// How the answer reaches the client.
    public enum Delivery: Sendable, Equatable {
        /// The whole answer; the connection stays open if both sides allow it.
        case complete
        /// Close the connection without writing anything.
        case closeWithoutAnswer
        /// Write only the first `byteCount` bytes of the serialized answer, then close.
        case closeAfterSending(byteCount: Int)
        /// Declare `Content-Length: declaredLength` (more than the body holds), write the
        /// body, then close.
        case closeAfterDeclaring(contentLength: Int)
    }

    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Hold the answer this long before writing it, without blocking other connections.
    public var delay: Duration
    public var delivery: Delivery

    public init(
        status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], delay: Duration = .zero,
        delivery: Delivery = .complete
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.delivery = delivery
    }

    public init(status: Int, contentType: String, body: String) {
        self.init(status: status, headers: ["Content-Type": contentType], body: Array(body.utf8))
    }
}
