import Foundation
import Glibc
import Synchronization

/// A small HTTP/1.1 server on its own thread. `start` binds and returns a running server;
/// `stop` must be called to release the port and the thread.
public final class HTTPServer: Sendable {
    /// The bound port (the kernel's choice when the configuration asked for 0).
    public let port: Int
    public let host: String
    private let control: LoopControl
    private let wakeupWriter: Int32
    private let wakeupReader: Int32

    private init(port: Int, host: String, control: LoopControl, wakeupReader: Int32, wakeupWriter: Int32) {
        self.port = port
        self.host = host
        self.control = control
        self.wakeupReader = wakeupReader
        self.wakeupWriter = wakeupWriter
    }

    /// Binds, then serves on a dedicated thread until `stop()`. The handler runs on that
    /// thread: it must not block (ask for a delay on the response instead of sleeping).
    public static func start(
        configuration: HTTPServerConfiguration, handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) throws(HTTPServerStartError) -> HTTPServer {
        signal(SIGPIPE, SIG_IGN)
        let (listener, port) = try openListeningSocket(host: configuration.host, port: configuration.port)
        var pipeEnds: [Int32] = [-1, -1]
        do {
            try systemCall("pipe") { pipe(&pipeEnds) }
            for end in pipeEnds {
                try systemCall("fcntl(F_SETFD)") { fcntl(end, F_SETFD, FD_CLOEXEC) }
                try setNonBlocking(end)
            }
        } catch {
            close(listener)
            for end in pipeEnds where end >= 0 { close(end) }
            throw .system(error)
        }
        let control = LoopControl()
        let wakeupReader = pipeEnds[0]
        let thread = Thread {
            EventLoop(
                listener: listener, wakeup: wakeupReader, configuration: configuration, handler: handler,
                control: control
            ).run()
            control.markFinished()
        }
        thread.name = "http-server-\(port)"
        thread.start()
        return HTTPServer(
            port: port, host: configuration.host, control: control, wakeupReader: wakeupReader,
            wakeupWriter: pipeEnds[1])
    }

    /// Closes the listening socket and every connection, and waits for the loop thread to
    /// end. Safe to call more than once.
    public func stop() {
        guard control.requestStop() else { return }
        var byte: UInt8 = 1
        _ = write(wakeupWriter, &byte, 1)
        control.waitUntilFinished()
        close(wakeupWriter)
        close(wakeupReader)
    }
}

/// The stop flag shared by the server handle and its loop thread.
final class LoopControl: Sendable {
    private let stopRequested = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)

    var isStopRequested: Bool { stopRequested.withLock { $0 } }

    /// True for the first caller only.
    func requestStop() -> Bool {
        stopRequested.withLock { requested in
            defer { requested = true }
            return !requested
        }
    }

    func markFinished() { finished.signal() }

    func waitUntilFinished() { finished.wait() }
}
