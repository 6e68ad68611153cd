@testable import Dataverse
import Foundation
import SocialSyncCore
import Testing

@Suite("Token provider: cache, shared refresh, redaction")
struct TokenProviderTests {
    let instance = URL(string: "https://contoso.crm4.dynamics.com/")!
    let tokenURL = URL(string: "https://login.microsoftonline.com/tenant/oauth2/v2.0/token")!

    func provider(_ endpoint: CountingTokenEndpoint, now: @escaping @Sendable () -> Date = Date.init) -> TokenProvider {
        TokenProvider(tokenURL: tokenURL, clientID: "client-1", instanceURL: instance, transport: endpoint, now: now) { ClientSecret("s3cr3t&value") }
    }

    @Test func requestsTheInstanceScopeWithClientCredentials() async throws {
        let endpoint = CountingTokenEndpoint()
        _ = try await provider(endpoint).token()
        let body = try #require(endpoint.sentBodies.first)
        #expect(body.contains("grant_type=client_credentials"))
        #expect(body.contains("client_id=client-1"))
        #expect(body.contains("client_secret=s3cr3t%26value"))
        #expect(body.contains("scope=https%3A%2F%2Fcontoso.crm4.dynamics.com%2F.default"))
    }

    @Test func concurrentCallersShareOneRequestAndTheCache() async throws {
        let endpoint = CountingTokenEndpoint()
        let tokens = provider(endpoint)
        let all = await withTaskGroup(of: AccessToken?.self) { group in
            for _ in 0..<20 { group.addTask { try? await tokens.token() } }
            return await group.reduce(into: [AccessToken?]()) { $0.append($1) }
        }
        #expect(Set(all.compactMap { $0?.exposedValue }) == ["opaque-token-1"])
        _ = try await tokens.token()
        #expect(endpoint.requestCount == 1)
    }

    @Test func refreshAfterRejectionHappensOnceForAllHolders() async throws {
        let endpoint = CountingTokenEndpoint()
        let tokens = provider(endpoint)
        let rejected = try await tokens.token()
        let renewed = await withTaskGroup(of: AccessToken?.self) { group in
            for _ in 0..<10 { group.addTask { try? await tokens.refresh(replacing: rejected) } }
            return await group.reduce(into: [AccessToken?]()) { $0.append($1) }
        }
        #expect(Set(renewed.compactMap { $0?.exposedValue }) == ["opaque-token-2"])
        #expect(endpoint.requestCount == 2)
    }

    @Test func renewsShortlyBeforeExpiry() async throws {
        let clock = TestClock()
        let endpoint = CountingTokenEndpoint()
        let tokens = provider(endpoint, now: { clock.now })
        _ = try await tokens.token()
        clock.advance(3500)
        _ = try await tokens.token()
        #expect(endpoint.requestCount == 1)
        clock.advance(50)
        #expect(try await tokens.token().exposedValue == "opaque-token-2")
    }

    @Test func invalidClientIsUnauthorizedAndNeverShowsTheSecret() async throws {
        let endpoint = CountingTokenEndpoint(status: 400, answer: #"{"error":"invalid_client","error_description":"AADSTS7000215: bad secret s3cr3t&value","error_codes":[7000215]}"#)
        let error = await #expect(throws: TokenError.self) { try await provider(endpoint).token() }
        #expect(error?.evidence.verdict == .unauthorized)
        #expect(error?.description.contains("s3cr3t") == false)
        #expect(error.map { String(reflecting: $0) }?.contains("s3cr3t") == false)
    }

    @Test func secretsAndTokensAreRedactedEverywhere() {
        let secret = ClientSecret("s3cr3t")
        let token = AccessToken("eyJ0eXAi")
        for text in ["\(secret)", String(describing: secret), String(reflecting: secret), "\(token)", String(reflecting: token), "\([secret])"] {
            #expect(!text.contains("s3cr3t") && !text.contains("eyJ0eXAi"))
        }
        var dumped = ""
        dump(LoadedSecret(secret: secret, warning: nil), to: &dumped)
        #expect(!dumped.contains("s3cr3t"))
        let request = HTTPRequest(method: "POST", url: URL(string: "https://x.example/t")!, headers: [token.authorizationHeader], body: Data("client_secret=s3cr3t".utf8))
        #expect(!request.description.contains("s3cr3t") && !request.description.contains("eyJ0eXAi"))
    }
}

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_700_000_000)

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: Double) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}
