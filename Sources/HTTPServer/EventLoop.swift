import Glibc

/// The server's single thread: `poll(2)` over the listening socket, a wake-up pipe and
/// every connection, all non-blocking. Handlers run here; delays become deadlines, never
/// sleeps, so one slow answer holds up no one else.
final class EventLoop {
    private let listener: Int32
    private let wakeup: Int32
    private let configuration: HTTPServerConfiguration
    private let handler: @Sendable (HTTPRequest) -> HTTPResponse
    private let control: LoopControl
    private let timeout: UInt64
    private var connections: [Int32: Connection] = [:]
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var pacer: RequestPacer?

    /// A client that stopped reading still gets this long to take a final answer.
    private static let drainTime: UInt64 = 1_000_000_000
    /// Bytes taken from one connection per poll round, so a fast sender cannot starve others.
    private static let readBudget = 1024 * 1024

    init(
        listener: Int32, wakeup: Int32, configuration: HTTPServerConfiguration,
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse, control: LoopControl
    ) {
        self.listener = listener
        self.wakeup = wakeup
        self.configuration = configuration
        self.handler = handler
        self.control = control
        timeout = MonotonicClock.nanoseconds(configuration.readTimeout)
        pacer = configuration.requestsPerSecond.map { RequestPacer(ratePerSecond: $0, burst: configuration.burst) }
    }

    func run() {
        defer {
            for descriptor in connections.keys { close(descriptor) }
            connections.removeAll()
            close(listener)
        }
        while !control.isStopRequested {
            handleDeadlines(now: MonotonicClock.now())
            var descriptors = [pollfd(fd: wakeup, events: Int16(POLLIN), revents: 0)]
            descriptors.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0))
            for connection in connections.values {
                let events: Int32
                switch connection.phase {
                case .reading, .draining: events = POLLIN
                case .writing: events = POLLOUT
                // Not read while waiting: a client over the rate is not served more either.
                case .delayed, .waiting: continue
                }
                descriptors.append(pollfd(fd: connection.descriptor, events: Int16(events), revents: 0))
            }
            let ready: Int32
            do {
                ready = try systemCall("poll") { poll(&descriptors, nfds_t(descriptors.count), pollTimeout()) }
            } catch {
                continue
            }
            guard ready > 0 else { continue }
            if descriptors[0].revents != 0 { drainWakeup() }
            if descriptors[1].revents != 0 { acceptPending() }
            for entry in descriptors.dropFirst(2) where entry.revents != 0 {
                guard let connection = connections[entry.fd] else { continue }
                if entry.revents & Int16(POLLOUT) != 0 {
                    advance(connection)
                } else {
                    readAvailable(connection)
                }
            }
        }
    }

    // MARK: Deadlines

    private func pollTimeout() -> Int32 {
        guard let earliest = connections.values.map(\.deadline).min() else { return -1 }
        let now = MonotonicClock.now()
        guard earliest > now else { return 0 }
        return Int32(min((earliest - now + 999_999) / 1_000_000, 60_000))
    }

    private func handleDeadlines(now: UInt64) {
        for connection in connections.values where connection.deadline <= now {
            switch connection.phase {
            case .delayed(let message):
                startWriting(connection, message)
                advance(connection)
            case .waiting(let request):
                answer(connection, request)
                advance(connection)
            case .reading, .writing, .draining:
                closeConnection(connection)
            }
        }
    }

    // MARK: Accepting

    private func acceptPending() {
        while true {
            let descriptor: Int32
            do {
                descriptor = try systemCall("accept") { accept(listener, nil, nil) }
            } catch {
                return
            }
            do {
                try systemCall("fcntl(F_SETFD)") { fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
                try setNonBlocking(descriptor)
            } catch {
                close(descriptor)
                continue
            }
            var enable: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &enable, socklen_t(MemoryLayout<Int32>.size))
            if connections.count >= configuration.maxConnections && !evictForNewClient() {
                close(descriptor)
                continue
            }
            connections[descriptor] = Connection(descriptor: descriptor, deadline: MonotonicClock.now() + timeout)
        }
    }

    /// Makes room for a new client by closing the connection that has waited longest for
    /// a request, else the one whose turn under the request rate is furthest away: with
    /// every connection holding a paced request (a flood), the newcomer takes the place of
    /// the request at the back of the queue, most likely the flood's own, instead of being
    /// turned away. Connections with an answer on its way are left alone.
    private func evictForNewClient() -> Bool {
        if let oldest = connections.values.filter(\.isReading).min(by: { $0.deadline < $1.deadline }) {
            closeConnection(oldest)
            return true
        }
        guard let furthest = connections.values.filter(\.isWaiting).max(by: { $0.deadline < $1.deadline }) else {
            return false
        }
        closeConnection(furthest)
        return true
    }

    // MARK: Reading

    private func readAvailable(_ connection: Connection) {
        var taken = 0
        while taken < Self.readBudget {
            let count: Int
            do throws(SystemCallError) {
                count = try systemCall("recv") {
                    readBuffer.withUnsafeMutableBytes { recv(connection.descriptor, $0.baseAddress, $0.count, 0) }
                }
            } catch {
                if error.isWouldBlock { break }
                closeConnection(connection)
                return
            }
            if count == 0 {
                closeConnection(connection)
                return
            }
            taken += count
            if case .draining = connection.phase { continue }
            connection.input.append(contentsOf: readBuffer[0..<count])
            if count < readBuffer.count { break }
        }
        advance(connection)
    }

    // MARK: Progress

    /// Moves a connection forward as far as it can go without waiting: parses requests,
    /// answers them, writes, and loops for pipelined requests.
    private func advance(_ connection: Connection) {
        while connections[connection.descriptor] === connection {
            switch connection.phase {
            case .reading:
                guard parseNext(connection) else { return }
            case .writing(let message, let offset):
                guard writePending(connection, message, offset: offset) else { return }
            case .delayed, .waiting, .draining:
                return
            }
        }
    }

    /// Parses the buffered input; true when that produced an answer to send.
    private func parseNext(_ connection: Connection) -> Bool {
        if let awaited = connection.awaitedByteCount, connection.input.count < awaited { return false }
        switch parseHTTPRequest(connection.input[...], limits: configuration.limits) {
        case .needMoreBytes:
            return false
        case .awaitingBody(let totalByteCount, let expectsContinue):
            connection.awaitedByteCount = totalByteCount
            if expectsContinue && !connection.sentContinue {
                connection.sentContinue = true
                let interim = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
                _ = interim.withUnsafeBytes { send(connection.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
            return false
        case .complete(let request, let consumedByteCount):
            connection.input.removeFirst(consumedByteCount)
            connection.awaitedByteCount = nil
            connection.sentContinue = false
            if holdsForItsTurn(connection, as: .waiting(request)) { return false }
            answer(connection, request)
            return true
        case .failure(let error):
            connection.input.removeAll()
            let response = HTTPResponse(status: error.status, contentType: "text/plain", body: "\(error)\n")
            let message = ResponseSerializer.serialize(response, keepAlive: false, omitBody: false)
            if holdsForItsTurn(connection, as: .delayed(message)) { return false }
            startWriting(connection, message)
            return true
        }
    }

    /// Puts the connection in `phase` until its turn under the request rate when that is
    /// later than now; false when the request may be answered at once.
    private func holdsForItsTurn(_ connection: Connection, as phase: Connection.Phase) -> Bool {
        guard var pacer else { return false }
        let now = MonotonicClock.now()
        let turn = pacer.turn(arrivingAt: now)
        self.pacer = pacer
        guard turn > now else { return false }
        connection.phase = phase
        connection.deadline = turn
        return true
    }

    /// Runs the handler and starts the answer, or holds it when the handler asked for a delay.
    private func answer(_ connection: Connection, _ request: HTTPRequest) {
        let response = handler(request)
        let message = ResponseSerializer.serialize(
            response, keepAlive: request.keepAlive && !control.isStopRequested, omitBody: request.method == "HEAD")
        let delay = MonotonicClock.nanoseconds(response.delay)
        if delay > 0 {
            connection.phase = .delayed(message)
            connection.deadline = MonotonicClock.now() + delay
        } else {
            startWriting(connection, message)
        }
    }

    private func startWriting(_ connection: Connection, _ message: OutgoingMessage) {
        connection.phase = .writing(message, offset: 0)
        connection.deadline = MonotonicClock.now() + timeout
    }

    /// Writes what the socket takes; true when the message is done and the connection
    /// moved on (to the next request, to draining, or closed).
    private func writePending(_ connection: Connection, _ message: OutgoingMessage, offset: Int) -> Bool {
        var offset = offset
        while offset < message.bytes.count {
            do throws(SystemCallError) {
                let sent = try systemCall("send") {
                    message.bytes.withUnsafeBytes {
                        send(connection.descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
                    }
                }
                offset += sent
                connection.deadline = MonotonicClock.now() + timeout
            } catch {
                if error.isWouldBlock {
                    connection.phase = .writing(message, offset: offset)
                    return false
                }
                closeConnection(connection)
                return true
            }
        }
        switch message.ending {
        case .keepOpen:
            connection.phase = .reading
            connection.deadline = MonotonicClock.now() + timeout
        case .closeGracefully:
            shutdown(connection.descriptor, Int32(SHUT_WR))
            connection.phase = .draining
            connection.deadline = MonotonicClock.now() + min(timeout, Self.drainTime)
        case .closeAbruptly:
            closeConnection(connection)
        }
        return true
    }

    private func closeConnection(_ connection: Connection) {
        guard connections.removeValue(forKey: connection.descriptor) != nil else { return }
        close(connection.descriptor)
    }

    private func drainWakeup() {
        var scratch = [UInt8](repeating: 0, count: 64)
        while read(wakeup, &scratch, scratch.count) > 0 {}
    }
}
