/// How an organization is declared, by the admin API or a seed file. Everything but the
/// name has a default, matching the generated organizations (`client-<name>`,
/// `secret-<name>`, tenant `tenant`).
public struct OrganizationSettings: Sendable, Equatable {
    public var name: String
    public var organizationID: GUID
    public var tenant: String
    public var clientID: String
    public var clientSecret: String
    public var language: Int
    public var tokenLifetimeSeconds: Int

    public init(
        name: String, organizationID: GUID? = nil, tenant: String = "tenant", clientID: String? = nil,
        clientSecret: String? = nil, language: Int = 1033, tokenLifetimeSeconds: Int = 3599
    ) {
        self.name = name
        self.organizationID = organizationID ?? GUID(derivedFrom: name)
        self.tenant = tenant
        self.clientID = clientID ?? "client-\(name)"
        self.clientSecret = clientSecret ?? "secret-\(name)"
        self.language = language
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
    }

    init(json: JSONValue) throws(SimulatorError) {
        guard let name = json["name"]?.stringValue, Self.isValidName(name) else {
            throw .badRequest("an organization needs a \"name\" of letters, digits, '-' or '_' (it becomes a URL path segment)")
        }
        var organizationID: GUID?
        if let text = json["organization_id"]?.stringValue {
            guard let id = GUID(text) else { throw .badRequest("organization_id is not a GUID: \(text)") }
            organizationID = id
        }
        let tenant = try Self.optionalString(json, "tenant")
        let language = json["language"]?.intValue
        let lifetime = json["token_lifetime_seconds"]?.intValue
        if let lifetime, lifetime <= 0 { throw .badRequest("token_lifetime_seconds must be positive") }
        self.init(
            name: name, organizationID: organizationID, tenant: tenant ?? "tenant",
            clientID: try Self.optionalString(json, "client_id"), clientSecret: try Self.optionalString(json, "client_secret"),
            language: language ?? 1033, tokenLifetimeSeconds: lifetime ?? 3599)
    }

    private static func optionalString(_ json: JSONValue, _ key: String) throws(SimulatorError) -> String? {
        guard let value = json[key], !value.isNull else { return nil }
        guard let text = value.stringValue, !text.isEmpty else { throw .badRequest("\(key) must be a non-empty string") }
        return text
    }

    /// Names become path segments and are never percent-encoded, so keep them plain.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name != "_admin"
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }
}
