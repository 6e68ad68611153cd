import Foundation
import SocialSyncCore

/// The Dataverse Web API of one instance, as socialsync uses it: health probes, batched
/// existence checks, idempotent creates and metadata.
///
/// Every request goes through `execute`, which enforces the instance's throttling deadline
/// and concurrency cap and refreshes the token once on a 401.
public final class DataverseClient: Sendable {
    public struct Configuration: Sendable {
        public var instanceURL: URL
        public var requestTimeoutSeconds: Double
        /// Requests in flight at once (interface.md `max_concurrent_requests_per_instance`).
        public var maxConcurrentRequests: Int
        /// `Prefer: odata.maxpagesize` for batched reads; Dataverse's default and maximum is 5000.
        public var pageSize: Int
        /// Wait after a 429 that names no usable Retry-After.
        public var defaultRetryAfterSeconds: Double
        /// Longest GET URL, counted encoded (PA `webapi/query/overview`: 32,768 characters).
        public var maxURLLength: Int
        /// Direct reads per `$batch` that confirm a "missing" (`DataverseClient+Confirm`).
        public var confirmationsPerBatch: Int
        /// Confirmations per batched existence check; the ids beyond stay unknown this time.
        public var maxConfirmationsPerCheck: Int

        public init(
            instanceURL: URL, requestTimeoutSeconds: Double = 30, maxConcurrentRequests: Int = 8, pageSize: Int = 5000,
            defaultRetryAfterSeconds: Double = 5, maxURLLength: Int = 32_768, confirmationsPerBatch: Int = 100,
            maxConfirmationsPerCheck: Int = 1000
        ) {
            self.instanceURL = instanceURL
            self.requestTimeoutSeconds = requestTimeoutSeconds
            self.maxConcurrentRequests = maxConcurrentRequests
            // "You can't request a page size larger than 5,000" (PA `webapi/query/page-results`).
            self.pageSize = min(pageSize, 5000)
            self.defaultRetryAfterSeconds = defaultRetryAfterSeconds
            self.maxURLLength = maxURLLength
            self.confirmationsPerBatch = confirmationsPerBatch
            self.maxConfirmationsPerCheck = maxConfirmationsPerCheck
        }
    }

    /// What `execute` got: an exchange to classify, or evidence for why nothing was sent.
    enum Attempt: Sendable {
        case sent(ExchangeSummary)
        case notSent(VerdictEvidence)

        var classification: ExchangeClassification {
            switch self {
            case let .sent(summary): VerdictClassifier.classify(summary)
            case let .notSent(evidence): .failure(evidence)
            }
        }
    }

    let configuration: Configuration
    /// `<instance URL>/api/data/v9.2/`, always with the trailing slash.
    let apiBase: URL
    private let tokens: any AccessTokenSource
    private let transport: any HTTPTransport
    private let gate: ThrottleGate
    private let permits: AsyncSemaphore
    private let now: @Sendable () -> Date

    /// `throttledUntil` re-seeds a deadline kept in the store across restarts.
    /// Throws when the instance URL is not allowed (`URLPolicy`), before any request.
    public init(
        configuration: Configuration, tokens: any AccessTokenSource, transport: any HTTPTransport,
        throttledUntil: Date? = nil, now: @escaping @Sendable () -> Date = Date.init
    ) throws(URLPolicyError) {
        try URLPolicy.check(configuration.instanceURL)
        var base = configuration.instanceURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        guard let apiBase = URL(string: base + "/api/data/v9.2/") else {
            throw URLPolicyError(url: configuration.instanceURL, reason: .missingHost)
        }
        self.configuration = configuration
        self.apiBase = apiBase
        self.tokens = tokens
        self.transport = transport
        self.gate = ThrottleGate(notBefore: throttledUntil)
        self.permits = AsyncSemaphore(permits: configuration.maxConcurrentRequests)
        self.now = now
    }

    /// The "not before" deadline set by the last 429, for the store to keep; nil when none is pending.
    public func throttleDeadline() async -> Date? {
        let current = now()
        guard await gate.remaining(at: current) != nil else { return nil }
        return await gate.notBefore
    }

    /// Re-seeds a deadline read back from the store (it only ever moves later).
    public func seedThrottleDeadline(_ deadline: Date) async {
        await gate.extend(to: deadline)
    }

    /// Sends one Web API request under the throttling deadline and the concurrency cap.
    /// A 401 gets exactly one token refresh and one resend; a 429 moves the deadline.
    func execute(_ method: String, _ url: URL, headers: [HTTPHeader] = [], body: Data? = nil) async -> Attempt {
        if let wait = await gate.remaining(at: now()) { return .notSent(throttledLocally(wait)) }
        await permits.acquire()
        let attempt = await executeHoldingPermit(method, url, headers: headers, body: body)
        await permits.release()
        return attempt
    }

    private func executeHoldingPermit(_ method: String, _ url: URL, headers: [HTTPHeader], body: Data?) async -> Attempt {
        // A 429 may have arrived while this request waited for its permit.
        if let wait = await gate.remaining(at: now()) { return .notSent(throttledLocally(wait)) }
        do {
            let token = try await tokens.token()
            var summary = await send(method, url, headers: headers, body: body, token: token)
            if case .answered(status: 401, _, _, _) = summary {
                let renewed = try await tokens.refresh(replacing: token)
                summary = await send(method, url, headers: headers, body: body, token: renewed)
            }
            if case let .answered(429, retryAfter, _, _) = summary { await throttled(retryAfter: retryAfter) }
            return .sent(summary)
        } catch {
            return .notSent(error.evidence)
        }
    }

    /// A 429 (PA `api-limits`): no request before its Retry-After, or the default wait.
    func throttled(retryAfter: String?) async {
        let wait = RetryAfter.seconds(retryAfter) ?? configuration.defaultRetryAfterSeconds
        await gate.extend(to: now().addingTimeInterval(wait))
    }

    private func send(_ method: String, _ url: URL, headers: [HTTPHeader], body: Data?, token: AccessToken) async -> ExchangeSummary {
        var fields = [
            HTTPHeader("Accept", "application/json"), HTTPHeader("OData-MaxVersion", "4.0"),
            HTTPHeader("OData-Version", "4.0"), token.authorizationHeader,
        ]
        if body != nil, !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            fields.append(HTTPHeader("Content-Type", "application/json; charset=utf-8"))
        }
        let request = HTTPRequest(method: method, url: url, headers: fields + headers, body: body, timeoutSeconds: configuration.requestTimeoutSeconds)
        return ExchangeSummary(await transport.send(request))
    }

    private func throttledLocally(_ wait: Double) -> VerdictEvidence {
        VerdictEvidence(verdict: .throttled, retryAfterSeconds: wait, detail: "not sent: throttled for another \(Int(wait.rounded(.up))) s")
    }

    /// A URL under the Web API base; `relative` must already be percent-encoded.
    func apiURL(_ relative: String) -> URL? {
        URL(string: apiBase.absoluteString + relative)
    }
}
