import Dataverse
import Foundation
import Glibc
import SocialSyncCore
import Testing
import TestSupport

@Suite("libcurl transport failures")
struct CurlTransportTests {
    @Test func closedLoopbackPortIsConnectRefused() async throws {
        let transport = try CurlTransport()
        // Port 1 (tcpmux) is not served on this machine: the kernel refuses at once.
        let result = await transport.send(HTTPRequest(method: "GET", url: try #require(URL(string: "http://127.0.0.1:1/")), timeoutSeconds: 5))
        guard case let .failure(failure) = result else { Issue.record("got an answer"); return }
        #expect(failure.kind == .connectRefused)
        #expect(VerdictClassifier.classify(.failed(failure.kind, detail: failure.detail)) == .failure(VerdictEvidence(verdict: .down, detail: "connectRefused: \(failure.detail)")))
    }

    @Test func manyConcurrentRequestsAllComplete() async throws {
        let transport = try CurlTransport()
        let url = try #require(URL(string: "http://127.0.0.1:1/"))
        let kinds = await withTaskGroup(of: TransportFailureKind?.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    guard case let .failure(failure) = await transport.send(HTTPRequest(method: "POST", url: url, body: Data("x".utf8), timeoutSeconds: 5)) else { return nil }
                    return failure.kind
                }
            }
            return await group.reduce(into: [TransportFailureKind?]()) { $0.append($1) }
        }
        #expect(kinds.count == 50 && kinds.allSatisfy { $0 == .connectRefused })
    }

    /// A cancelled caller (the daemon stopping) gets no answer at once, well before the
    /// request's own timeout, whether its request was in flight or not yet sent.
    @Test func cancellingTheCallerAbortsItsRequest() async throws {
        let transport = try CurlTransport()
        // A listener that never accepts: the kernel completes the handshake, no answer comes.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: 0, sin_addr: in_addr(s_addr: UInt32(0x7F00_0001).bigEndian), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try #require(withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } } == 0)
        try #require(listen(listener, 8) == 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let url = try #require(URL(string: "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))/"))

        let started = Date()
        let inFlight = Task { await transport.send(HTTPRequest(method: "GET", url: url, timeoutSeconds: 60)) }
        // In flight once libcurl's connection waits in the listener's queue.
        let connected = try await DedicatedThread.run {
            var pending = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            return poll(&pending, 1, 30_000) == 1
        }
        try #require(connected, "the request never reached the listener")
        inFlight.cancel()
        guard case let .failure(failure) = await inFlight.value else { Issue.record("got an answer"); return }
        #expect(failure.detail.contains("cancelled"), "\(failure)")
        #expect(Date().timeIntervalSince(started) < 30, "the request ran to its timeout")

        let notSent = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await transport.send(HTTPRequest(method: "GET", url: url, timeoutSeconds: 60))
        }
        guard case let .failure(never) = await notSent.value else { Issue.record("got an answer"); return }
        #expect(never.detail.contains("cancelled"), "\(never)")
    }
}
