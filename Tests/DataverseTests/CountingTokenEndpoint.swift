import Dataverse
import Foundation

/// Answers token requests in memory for the token-cache unit tests, counting them and
/// keeping each request's body so a test can look at what was sent. Each answer is
/// delayed a little, so concurrent callers really overlap.
final class CountingTokenEndpoint: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [String] = []
    private let status: Int
    private let answer: String

    init(status: Int = 200, answer: String = #"{"token_type":"Bearer","expires_in":3599,"access_token":"opaque-token"}"#) {
        self.status = status
        self.answer = answer
    }

    var requestCount: Int { lock.withLock { bodies.count } }
    var sentBodies: [String] { lock.withLock { bodies } }

    func send(_ request: HTTPRequest) async -> HTTPExchange {
        let count = lock.withLock {
            bodies.append(String(decoding: request.body ?? Data(), as: UTF8.self))
            return bodies.count
        }
        try? await Task.sleep(for: .milliseconds(20))
        let body = answer.replacingOccurrences(of: "opaque-token", with: "opaque-token-\(count)")
        return .success(HTTPResponse(status: status, headers: HTTPHeaders([HTTPHeader("Content-Type", "application/json")]), body: Data(body.utf8)))
    }
}
