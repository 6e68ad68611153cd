import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite("HTTP server")
struct HTTPServerTests {
    /// `/slow` answers after 400 ms, `/drop`, `/partial` and `/short` break on purpose, the
    /// rest echoes the path.
    private static func start(
        readTimeout: Duration = .seconds(5), maxConnections: Int = 64, host: String = "127.0.0.1", requestsPerSecond: Int? = nil, burst: Int = 1
    ) throws -> HTTPServer {
        let configuration = HTTPServerConfiguration(
            host: host, port: 0, limits: HTTPParseLimits(maxHeaderBytes: 2048, maxBodyBytes: 64),
            readTimeout: readTimeout, maxConnections: maxConnections, requestsPerSecond: requestsPerSecond, burst: burst)
        return try HTTPServer.start(configuration: configuration) { request in
            var response = HTTPResponse(status: 200, contentType: "text/plain", body: "path=\(request.path) body=\(request.body.count)")
            switch request.path {
            case "/slow": response.delay = .milliseconds(400)
            case "/drop": response.delivery = .closeWithoutAnswer
            case "/partial": response.delivery = .closeAfterSending(byteCount: 10)
            case "/short": response.delivery = .closeAfterDeclaring(contentLength: 1000)
            default: break
            }
            return response
        }
    }

    @Test func answersKeepAliveRequestsInTurnAndHonoursConnectionClose() async throws {
        let server = try Self.start()
        defer { server.stop() }
        let port = server.port
        let (first, second, tail) = try await DedicatedThread.run {
            let connection = try TestConnection(port: port)
            try connection.send("GET /one HTTP/1.1\r\n\r\nPOST /two HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc")
            let first = try connection.readResponse()
            let second = try connection.readResponse()
            try connection.send("GET /three HTTP/1.1\r\nConnection: close\r\n\r\n")
            return (first, second, try connection.readUntilClosed())
        }
        #expect(first.text == "path=/one body=0")
        #expect(first.header("Connection") == "keep-alive")
        #expect(second.text == "path=/two body=3")
        let last = String(decoding: tail, as: UTF8.self)
        #expect(last.contains("Connection: close"))
        #expect(last.hasSuffix("path=/three body=0"))
    }

    @Test func answersOthersWhileConnectionsIdleOrSendSlowly() async throws {
        let server = try Self.start()
        defer { server.stop() }
        let port = server.port
        let response = try await DedicatedThread.run {
            let idle = try TestConnection(port: port)
            let slow = try TestConnection(port: port)
            try slow.send("GET /never-finished HTTP/1.1\r\nX-Slow: ")
            let other = try TestConnection(port: port)
            try other.send("GET /other HTTP/1.1\r\n\r\n")
            _ = (idle, slow)
            return try other.readResponse()
        }
        #expect(response.status == 200)
        #expect(response.text == "path=/other body=0")
    }

    @Test func closesSlowSendersAfterTheReadTimeout() async throws {
        let server = try Self.start(readTimeout: .milliseconds(300))
        defer { server.stop() }
        let port = server.port
        let received = try await DedicatedThread.run {
            let slow = try TestConnection(port: port)
            try slow.send("GET /a HTTP/1.1\r\n")
            try slow.send("X-Trickle: 1\r\n")
            return try slow.readUntilClosed()
        }
        #expect(received.isEmpty)
    }

    @Test func delayedAnswerDoesNotHoldUpOtherConnections() async throws {
        let server = try Self.start()
        defer { server.stop() }
        let port = server.port
        let (fastFirst, slowResponse) = try await DedicatedThread.run {
            let slow = try TestConnection(port: port)
            try slow.send("GET /slow HTTP/1.1\r\n\r\n")
            let fast = try TestConnection(port: port)
            try fast.send("GET /fast HTTP/1.1\r\n\r\n")
            _ = try fast.readResponse()
            var pending: Int = 0
            _ = ioctl(slow.descriptor, UInt(FIONREAD), &pending)
            return (pending == 0, try slow.readResponse())
        }
        #expect(fastFirst, "the fast answer came while the slow one was still held")
        #expect(slowResponse.text == "path=/slow body=0")
    }

    @Test func refusesOversizedOrMalformedRequestsWithTheirStatus() async throws {
        let server = try Self.start()
        defer { server.stop() }
        let port = server.port
        let requests = [
            ("GET /a HTTP/1.1\r\nX: \(String(repeating: "a", count: 4000))\r\n\r\n", "431"),
            ("POST /a HTTP/1.1\r\nContent-Length: 100\r\n\r\n", "413"),
            ("NOT A REQUEST\r\n\r\n", "400"),
        ]
        for (request, status) in requests {
            let answer = try await DedicatedThread.run {
                let connection = try TestConnection(port: port)
                try connection.send(request)
                return String(decoding: try connection.readUntilClosed(), as: UTF8.self)
            }
            #expect(answer.hasPrefix("HTTP/1.1 \(status) "), "got \(answer.prefix(40))")
        }
    }

    @Test func deliversDeliberatelyBrokenAnswers() async throws {
        let server = try Self.start()
        defer { server.stop() }
        let client = RawClient(port: server.port)
        #expect(try await client.exchange("/drop").isEmpty)
        #expect(try await client.exchange("/partial") == Array("HTTP/1.1 2".utf8))
        let short = String(decoding: try await client.exchange("/short"), as: UTF8.self)
        #expect(short.contains("Content-Length: 1000\r\n"))
        #expect(short.hasSuffix("path=/short body=0"))
    }

    /// Over the request rate nothing is refused: pipelined and malformed requests alike get
    /// their answers, only spaced out. 8 requests at 10/s with a burst of 2 cannot all be
    /// answered in less than 0.6 s (a lower bound: a slow machine only adds to it).
    @Test func answersOverTheRateAreSpacedOutNotRefused() async throws {
        let server = try Self.start(requestsPerSecond: 10, burst: 2)
        defer { server.stop() }
        let port = server.port
        let started = ContinuousClock.now
        let (answers, malformed) = try await DedicatedThread.run {
            let connection = try TestConnection(port: port)
            try connection.send(String(repeating: "GET /paced HTTP/1.1\r\n\r\n", count: 7))
            let answers = try (0..<7).map { _ in try connection.readResponse().text }
            let other = try TestConnection(port: port)
            try other.send("NOT HTTP\r\n\r\n")
            return (answers, try other.readResponse().status)
        }
        let elapsed = ContinuousClock.now - started
        #expect(answers == Array(repeating: "path=/paced body=0", count: 7))
        #expect(malformed == 400)
        #expect(elapsed >= .milliseconds(600), "answered in \(elapsed)")
    }

    /// At the connection cap with every connection holding a paced request, a new client
    /// takes the place of the request whose turn is furthest away instead of being refused.
    @Test func aNewClientIsServedWhenAFloodHoldsEveryConnection() async throws {
        let server = try Self.start(maxConnections: 4, requestsPerSecond: 10, burst: 1)
        defer { server.stop() }
        let port = server.port
        let (answer, flood) = try await DedicatedThread.run {
            let flood = try (0..<4).map { _ in try TestConnection(port: port) }
            // 80 requests at 10/s: none of the four is through with its requests for seconds.
            for connection in flood { try connection.send(String(repeating: "GET /flood HTTP/1.1\r\n\r\n", count: 20)) }
            // Every connection now waits for a turn (the first one for its second request).
            _ = try flood[0].readResponse()
            let newcomer = try TestConnection(port: port)
            try newcomer.send("GET /newcomer HTTP/1.1\r\n\r\n")
            return (try newcomer.readResponse().text, flood)
        }
        _ = flood
        #expect(answer == "path=/newcomer body=0")
    }

    @Test func evictsTheLongestIdleConnectionAtTheCap() async throws {
        let server = try Self.start(maxConnections: 2)
        defer { server.stop() }
        let port = server.port
        let (evicted, answer) = try await DedicatedThread.run {
            // An answered request shows the server took each connection before the next one came.
            let oldest = try TestConnection(port: port)
            try oldest.send("GET /oldest HTTP/1.1\r\n\r\n")
            _ = try oldest.readResponse()
            let second = try TestConnection(port: port)
            try second.send("GET /second HTTP/1.1\r\n\r\n")
            _ = try second.readResponse()
            let third = try TestConnection(port: port)
            try third.send("GET /third HTTP/1.1\r\n\r\n")
            let answer = try third.readResponse()
            _ = second
            return (try oldest.readUntilClosed(), answer)
        }
        #expect(evicted.isEmpty)
        #expect(answer.text == "path=/third body=0")
    }

    @Test func servesIPv6LoopbackAndReportsTheEphemeralPort() async throws {
        let server = try Self.start(host: "::1")
        defer { server.stop() }
        #expect(server.port > 0)
        let port = server.port
        let response = try await DedicatedThread.run {
            let connection = try TestConnection(port: port, host: "::1")
            try connection.send("GET /six HTTP/1.1\r\n\r\n")
            return try connection.readResponse()
        }
        #expect(response.text == "path=/six body=0")
    }

    @Test func stopReleasesThePortAndStartReportsBindErrors() throws {
        let server = try Self.start()
        let port = server.port
        #expect(throws: HTTPServerStartError.self) {
            try HTTPServer.start(configuration: HTTPServerConfiguration(port: port)) { _ in HTTPResponse(status: 200) }
        }
        server.stop()
        server.stop()
        let again = try HTTPServer.start(configuration: HTTPServerConfiguration(port: port)) { _ in HTTPResponse(status: 200) }
        again.stop()
        #expect(throws: HTTPServerStartError.invalidHost("example.com")) {
            try HTTPServer.start(configuration: HTTPServerConfiguration(host: "example.com")) { _ in HTTPResponse(status: 200) }
        }
    }
}

/// One request per connection, reading until the server closes.
private struct RawClient {
    let port: Int

    func exchange(_ path: String) async throws -> [UInt8] {
        let port = port
        return try await DedicatedThread.run {
            let connection = try TestConnection(port: port)
            try connection.send("GET \(path) HTTP/1.1\r\n\r\n")
            return try connection.readUntilClosed()
        }
    }
}
