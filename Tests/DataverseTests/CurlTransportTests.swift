import Dataverse
import Foundation
import SocialSyncCore
import Testing

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
}
