/// One accepted client and where it is in its request/answer cycle. Owned by the event
/// loop thread only.
final class Connection {
    enum Phase {
        /// Collecting a request (or idle between keep-alive requests).
        case reading
        /// An answer is ready but held until the deadline (the handler asked for a delay,
        /// or an error answer waits for its turn under the request rate).
        case delayed(OutgoingMessage)
        /// A request is parsed but waits until the deadline for its turn (`RequestPacer`).
        case waiting(HTTPRequest)
        case writing(OutgoingMessage, offset: Int)
        /// Answer sent and write side shut; discarding input until the client closes.
        case draining
    }

    let descriptor: Int32
    var input: [UInt8] = []
    var phase: Phase = .reading
    /// When the current phase gives up (or, while delayed, when the answer is due).
    var deadline: UInt64
    /// Set once the header section is valid: the full message length, so the body can
    /// arrive without re-parsing the header on every read.
    var awaitedByteCount: Int?
    var sentContinue = false

    init(descriptor: Int32, deadline: UInt64) {
        self.descriptor = descriptor
        self.deadline = deadline
    }

    var isReading: Bool {
        if case .reading = phase { return true }
        return false
    }

    var isWaiting: Bool {
        if case .waiting = phase { return true }
        return false
    }
}
