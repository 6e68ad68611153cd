import HTTPServer

/// Entra ID's v2.0 client-credentials token endpoint (dataverse.md "Tokens"). A token is
/// valid for the one organization its scope names, until it expires or `revoke` bumps the
/// organization's token generation.
extension SimulatorState {
    mutating func handleTokenRequest(tenant: String, _ request: HTTPRequest, now: ContinuousClock.Instant) -> HTTPResponse {
        guard request.method == "POST" else {
            return Self.tokenError(405, "invalid_request", 900561, "The endpoint only accepts POST requests.")
        }
        let form = PercentEncoding.decodeQuery(String(decoding: request.body, as: UTF8.self)) ?? []
        func field(_ name: String) -> String? { form.first { $0.name == name }?.value }
        guard field("grant_type") == "client_credentials" else {
            return Self.tokenError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.")
        }
        guard let scope = field("scope"), let name = Self.organizationName(scope: scope), organizations[name] != nil else {
            return Self.tokenError(
                400, "invalid_scope", 70011,
                "The provided value for the input parameter 'scope' is not valid. The scope \(field("scope") ?? "") is not valid.")
        }
        organizations[name]!.counters.tokenRequests += 1
        let organization = organizations[name]!
        let settings = organization.settings
        guard tenant == settings.tenant else {
            return Self.tokenError(400, "invalid_request", 90002, "Tenant '\(tenant)' not found.")
        }
        guard let clientID = field("client_id"), clientID == settings.clientID else {
            return Self.tokenError(
                400, "unauthorized_client", 700016,
                "Application with identifier '\(field("client_id") ?? "")' was not found in the directory '\(tenant)'.")
        }
        guard organization.fault?.kind != .revoke, field("client_secret") == settings.clientSecret else {
            return Self.tokenError(
                400, "invalid_client", 7000215,
                "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(clientID)'.")
        }
        let token = Self.newToken()
        tokens[token] = IssuedToken(
            organization: name, expiresAt: now + .seconds(settings.tokenLifetimeSeconds), generation: organization.tokenGeneration)
        return ODataResponse.admin(
            status: 200,
            .object([
                ("token_type", .string("Bearer")), ("expires_in", .integer(settings.tokenLifetimeSeconds)),
                ("ext_expires_in", .integer(settings.tokenLifetimeSeconds)), ("access_token", .string(token)),
            ]))
    }

    /// `http://127.0.0.1:PORT/contoso/.default` → `contoso`.
    private static func organizationName(scope: String) -> String? {
        let suffix = "/.default"
        guard scope.hasSuffix(suffix), let schemeEnd = scope.range(of: "://") else { return nil }
        let afterScheme = scope[schemeEnd.upperBound..<scope.index(scope.endIndex, offsetBy: -suffix.count)]
        guard let slash = afterScheme.firstIndex(of: "/") else { return nil }
        let path = afterScheme[afterScheme.index(after: slash)...]
        return path.isEmpty || path.contains("/") ? nil : String(path)
    }

    private static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let text = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }

    private static func tokenError(_ status: Int, _ error: String, _ code: Int, _ description: String) -> HTTPResponse {
        ODataResponse.admin(
            status: status,
            .object([
                ("error", .string(error)), ("error_description", .string("AADSTS\(code): \(description)")),
                ("error_codes", .array([.integer(code)])),
            ]))
    }
}
