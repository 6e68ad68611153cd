import Dataverse
import Foundation
import Testing

@Suite("URL policy: https anywhere, http only to loopback")
struct URLPolicyTests {
    @Test("allowed", arguments: [
        "https://contoso.crm4.dynamics.com", "https://login.microsoftonline.com/t/oauth2/v2.0/token",
        "http://127.0.0.1:8080/org", "http://127.1.2.3/org", "http://localhost:1/x", "http://[::1]:9000/org",
    ])
    func allowed(url: String) throws {
        try URLPolicy.check(try #require(URL(string: url)))
    }

    @Test("refused", arguments: [
        ("http://contoso.crm.dynamics.com", URLPolicyError.Reason.plainHTTPToRemoteHost),
        ("http://128.0.0.1/org", .plainHTTPToRemoteHost),
        ("http://127.0.0.1.evil.example/org", .plainHTTPToRemoteHost),
        ("http://localhost.evil.example/org", .plainHTTPToRemoteHost),
        ("ftp://127.0.0.1/x", .unsupportedScheme),
        ("file:///etc/passwd", .missingHost),
        ("https://user:pw@contoso.crm.dynamics.com", .credentialsInURL),
    ])
    func refused(url: String, reason: URLPolicyError.Reason) throws {
        let parsed = try #require(URL(string: url))
        let error = #expect(throws: URLPolicyError.self) { try URLPolicy.check(parsed) }
        #expect(error?.reason == reason)
        #expect(error?.description.contains("pw") == false)
    }

    @Test func transportRefusesBeforeAnyRequest() async throws {
        let transport = try CurlTransport()
        let result = await transport.send(HTTPRequest(method: "GET", url: try #require(URL(string: "http://example.com/"))))
        guard case let .failure(failure) = result else { Issue.record("request was sent"); return }
        #expect(failure.kind == .refusedByPolicy)
    }

    @Test func clientRefusesPlainHTTPInstance() throws {
        let transport = try CurlTransport()
        let url = try #require(URL(string: "http://contoso.crm.dynamics.com"))
        let tokens = TokenProvider(tokenURL: url, clientID: "c", instanceURL: url, transport: transport) { ClientSecret("s") }
        #expect(throws: URLPolicyError.self) {
            _ = try DataverseClient(configuration: .init(instanceURL: url), tokens: tokens, transport: transport)
        }
    }
}
