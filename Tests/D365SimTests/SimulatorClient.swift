import Foundation
@testable import D365Sim
import TestSupport

/// Speaks to a running simulator the way the Dataverse client will: one connection per
/// request, JSON bodies, bearer tokens.
struct SimulatorClient: Sendable {
    let port: Int
    let baseURL: String

    init(_ server: SimulatorServer) {
        self.init(port: server.port, baseURL: server.baseURL)
    }

    init(port: Int, baseURL: String) {
        self.port = port
        self.baseURL = baseURL
    }

    /// `host` is the `Host` header's name, as a client that reached the simulator by another name sends it.
    func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: String? = nil, host: String = "127.0.0.1"
    ) async throws -> TestResponse {
        let port = port
        var text = "\(method) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        let raw = text
        return try await DedicatedThread.run {
            // Generous: under the whole suite on two cores a 3 MB answer took over 5 s to
            // arrive; a simulator that never answers still fails the test.
            let connection = try TestConnection(port: port, timeoutSeconds: 30)
            try connection.send(raw)
            return try connection.readResponse()
        }
    }

    /// Sends a request and returns everything received before the server closed.
    func rawExchange(_ method: String, _ target: String, headers: [(String, String)] = []) async throws -> [UInt8] {
        let port = port
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        let raw = text
        return try await DedicatedThread.run {
            let connection = try TestConnection(port: port)
            try connection.send(raw)
            return try connection.readUntilClosed()
        }
    }

    func admin(_ method: String, _ path: String, _ body: String? = nil) async throws -> TestResponse {
        try await request(method, "/_admin/" + path, headers: [("Content-Type", "application/json")], body: body)
    }

    /// Creates an organization and answers a token for it.
    @discardableResult
    func createOrganization(_ name: String, extra: String = "") async throws -> TestResponse {
        try await admin("POST", "orgs", #"{"name":"\#(name)","tenant":"tenant-\#(name)","client_id":"app-\#(name)","client_secret":"secret-\#(name)"\#(extra)}"#)
    }

    /// Client credentials as `createOrganization` sets them unless given.
    func tokenResponse(
        _ organization: String, tenant: String? = nil, clientID: String? = nil, secret: String? = nil, scope: String? = nil
    ) async throws -> TestResponse {
        let scopeValue = scope ?? "\(baseURL)/\(organization)/.default"
        let form = [
            "client_id=\(clientID ?? "app-\(organization)")", "client_secret=\(secret ?? "secret-\(organization)")",
            "scope=\(scopeValue.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", "grant_type=client_credentials",
        ].joined(separator: "&")
        return try await request(
            "POST", "/\(tenant ?? "tenant-\(organization)")/oauth2/v2.0/token",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: form)
    }

    func token(_ organization: String) async throws -> String {
        try await token(org: organization, tenant: nil, clientID: nil, secret: nil)
    }

    func token(org organization: String, tenant: String?, clientID: String?, secret: String?) async throws -> String {
        let response = try await tokenResponse(organization, tenant: tenant, clientID: clientID, secret: secret)
        guard let token = response.json["access_token"] as? String else {
            throw TestFailure(description: "no token: \(response.status) \(response.text)")
        }
        return token
    }

    func api(
        _ method: String, _ organization: String, _ resource: String, token: String?, headers: [(String, String)] = [],
        body: String? = nil
    ) async throws -> TestResponse {
        var allHeaders = headers + [("Accept", "application/json"), ("OData-Version", "4.0")]
        if let token { allHeaders.append(("Authorization", "Bearer \(token)")) }
        if body != nil { allHeaders.append(("Content-Type", "application/json")) }
        return try await request(method, "/\(organization)/api/data/v9.2/\(resource)", headers: allHeaders, body: body)
    }

    /// Follows an absolute `@odata.nextLink` unchanged.
    func follow(_ link: String, token: String, headers: [(String, String)]) async throws -> TestResponse {
        guard link.hasPrefix(baseURL) else { throw TestFailure(description: "nextLink not under \(baseURL): \(link)") }
        return try await request(
            "GET", String(link.dropFirst(baseURL.count)), headers: headers + [("Authorization", "Bearer \(token)")])
    }

    func counters(_ organization: String) async throws -> [String: Any] {
        let json = try await admin("GET", "counters").json
        return ((json["orgs"] as? [String: Any])?[organization] as? [String: Any]) ?? [:]
    }
}

/// Starts an in-process simulator for one test and stops it afterwards.
func withSimulator(_ body: (SimulatorClient, SimulatorServer) async throws -> Void) async throws {
    let server = try SimulatorServer.start()
    defer { server.stop() }
    try await body(SimulatorClient(server), server)
}
