import Foundation
import SocialSyncCore

/// OAuth 2.0 client credentials against Entra ID (or the configured token URL) for one
/// instance (dataverse.md, "Tokens"). Keeps the token until shortly before `expires_in`
/// elapses; every caller arriving while a request is out waits for that same request.
public actor TokenProvider: AccessTokenSource {
    private struct IssuedToken: Sendable {
        var token: AccessToken
        var expiresInSeconds: Double
    }

    private let tokenURL: URL
    private let clientID: String
    private let scope: String
    private let secret: @Sendable () throws(SecretError) -> ClientSecret
    private let transport: any HTTPTransport
    private let timeoutSeconds: Double
    private let now: @Sendable () -> Date
    private var cached: (token: AccessToken, renewAt: Date)?
    private var inFlight: Task<Result<IssuedToken, TokenError>, Never>?

    /// `secret` is called for every token request; `now` is the clock for expiry.
    public init(
        tokenURL: URL, clientID: String, instanceURL: URL, transport: any HTTPTransport,
        timeoutSeconds: Double = 30, now: @escaping @Sendable () -> Date = Date.init,
        secret: @escaping @Sendable () throws(SecretError) -> ClientSecret
    ) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.scope = Self.scope(for: instanceURL)
        self.secret = secret
        self.transport = transport
        self.timeoutSeconds = timeoutSeconds
        self.now = now
    }

    /// `{instance URL}/.default` (interface.md; dataverse.md, "Tokens").
    public static func scope(for instanceURL: URL) -> String {
        var base = instanceURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/.default"
    }

    public func token() async throws(TokenError) -> AccessToken {
        if let cached, now() < cached.renewAt { return cached.token }
        return try await obtain()
    }

    public func refresh(replacing rejected: AccessToken) async throws(TokenError) -> AccessToken {
        if let cached, cached.token != rejected, now() < cached.renewAt { return cached.token }
        if cached?.token == rejected { cached = nil }
        return try await obtain()
    }

    private func obtain() async throws(TokenError) -> AccessToken {
        if let inFlight { return try await inFlight.value.get().token }
        let request = try tokenRequest()
        let task = Task { [transport] in await Self.fetch(request, transport: transport) }
        inFlight = task
        let result = await task.value
        inFlight = nil
        let issued = try result.get()
        // Renew a minute early, or a tenth of the lifetime for short-lived tokens.
        let margin = min(60, issued.expiresInSeconds / 10)
        cached = (issued.token, now().addingTimeInterval(issued.expiresInSeconds - margin))
        return issued.token
    }

    private func tokenRequest() throws(TokenError) -> HTTPRequest {
        let clientSecret: ClientSecret
        do {
            clientSecret = try secret()
        } catch {
            throw TokenError(evidence: VerdictEvidence(verdict: .unauthorized, isDefinitiveRefusal: true, detail: error.description))
        }
        let form = PercentEncoding.form([
            ("grant_type", "client_credentials"), ("client_id", clientID),
            ("client_secret", clientSecret.exposedValue), ("scope", scope),
        ])
        return HTTPRequest(
            method: "POST", url: tokenURL,
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded"), HTTPHeader("Accept", "application/json")],
            body: Data(form.utf8), timeoutSeconds: timeoutSeconds)
    }

    private static func fetch(_ request: HTTPRequest, transport: any HTTPTransport) async -> Result<IssuedToken, TokenError> {
        let summary = ExchangeSummary(await transport.send(request))
        switch TokenEndpointClassifier.classify(summary) {
        case let .failure(evidence):
            return .failure(TokenError(evidence: evidence))
        case let .success(status, body):
            let root = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
            guard let value = root?["access_token"] as? String, !value.isEmpty,
                  let expiresIn = seconds(root?["expires_in"]), expiresIn > 0
            else {
                return .failure(TokenError(evidence: VerdictClassifier.malformed(status: status, "token answer without access_token and expires_in")))
            }
            return .success(IssuedToken(token: AccessToken(value), expiresInSeconds: expiresIn))
        }
    }

    /// `expires_in` is a number in v2.0 answers and a string in some older endpoints.
    private static func seconds(_ value: Any?) -> Double? {
        if let number = value as? NSNumber { return number.doubleValue }
        if let text = value as? String { return Double(text) }
        return nil
    }
}
