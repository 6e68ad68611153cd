import struct Foundation.Date
import struct Foundation.URL

/// A connection to one Dynamics 365 / Dataverse organization.
///
/// Credentials are only *named* here (a file path or a systemd credential): the secret
/// itself never enters this value, so it can never reach the store, a log or `/status`.
public struct Instance: Sendable, Equatable {
    public var id: String
    public var name: String
    public var url: URL
    public var tenantID: String
    public var clientID: String
    public var clientSecretFile: String
    /// Full token endpoint; nil means Microsoft Entra ID for `tenantID`.
    public var tokenURL: URL?
    /// Learned from WhoAmI; must not change once known (R1).
    public var organizationID: String?
    public var language: String?
    public var connectedOn: Date
    public var isDefault: Bool
    public var isEnabled: Bool
    public var isDeleted: Bool
    public var verdict: Verdict
    public var verdictSince: Date?
    public var lastChecked: Date?
    /// Set when the organization id answered by WhoAmI differs from the one learned before (R1).
    public var organizationMismatch: Bool

    public init(
        id: String, name: String, url: URL, tenantID: String, clientID: String, clientSecretFile: String,
        tokenURL: URL? = nil, organizationID: String? = nil, language: String? = nil, connectedOn: Date,
        isDefault: Bool = false, isEnabled: Bool = true, isDeleted: Bool = false,
        verdict: Verdict = .unknown, verdictSince: Date? = nil, lastChecked: Date? = nil,
        organizationMismatch: Bool = false
    ) {
        self.id = id
        self.name = name
        self.url = url
        self.tenantID = tenantID
        self.clientID = clientID
        self.clientSecretFile = clientSecretFile
        self.tokenURL = tokenURL
        self.organizationID = organizationID
        self.language = language
        self.connectedOn = connectedOn
        self.isDefault = isDefault
        self.isEnabled = isEnabled
        self.isDeleted = isDeleted
        self.verdict = verdict
        self.verdictSince = verdictSince
        self.lastChecked = lastChecked
        self.organizationMismatch = organizationMismatch
    }

    /// The token endpoint actually used: the override, or Entra ID's v2.0 endpoint for the tenant.
    public var effectiveTokenURL: URL {
        tokenURL ?? URL(string: "https://login.microsoftonline.com/\(tenantID)/oauth2/v2.0/token")!
    }

    /// Offered when creating a link (R2, R3, R10). An expired organization counts as
    /// disabled (R12) without touching the administrator's `isEnabled` choice, so a
    /// renewal (R14) brings it back by itself.
    public var acceptsNewLinks: Bool { isEnabled && !isDeleted && verdict != .expired }

    /// Links may be judged against it and creations sent to it: enabled, not deleted, held
    /// healthy and answering as the organization learned (R1, R14, N1).
    public var isReadyForVerification: Bool { acceptsNewLinks && verdict == .healthy && !organizationMismatch }
}
