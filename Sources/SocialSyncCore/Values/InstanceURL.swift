import Foundation

/// The one stored form of an instance URL (dataverse.md "Reading: what 'missing' means":
/// "store instance URLs normalised"). Dataverse writes the organization's own host into
/// `@odata.nextLink` and `@odata.deltaLink`, in a case that is not documented
/// (docs/dataverse.md review B6), so the URL an operator typed is kept in one spelling: scheme and
/// host lower-cased (both are case-insensitive, RFC 3986 §3.1 and §3.2.2), the scheme's
/// default port dropped, no trailing slash.
///
/// A path is kept as typed, without its trailing slashes: online instances have none
/// (`https://org.crm.dynamics.com`), but an on-premises organization is addressed as
/// `https://server/OrgName` and the simulator serves each organization under one. A query
/// or a fragment has no meaning in an instance URL (the Web API base is appended to it),
/// so the URL is refused rather than silently cut.
public enum InstanceURL {
    /// Why a text is no instance URL.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case notAbsolute
        case hasQuery
        case hasFragment

        public var description: String {
            switch self {
            case .notAbsolute: "is not an absolute URL"
            case .hasQuery: "must not have a query (?…)"
            case .hasFragment: "must not have a fragment (#…)"
            }
        }
    }

    public static func normalized(_ text: String) throws(Problem) -> URL {
        guard var components = URLComponents(string: text), let scheme = components.scheme,
              let host = components.percentEncodedHost, !host.isEmpty
        else { throw .notAbsolute }
        guard components.percentEncodedQuery == nil else { throw .hasQuery }
        guard components.percentEncodedFragment == nil else { throw .hasFragment }
        components.scheme = scheme.lowercased()
        components.percentEncodedHost = host.lowercased()
        if let port = components.port, port == defaultPorts[scheme.lowercased()] { components.port = nil }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        components.percentEncodedPath = path
        guard let url = components.url else { throw .notAbsolute }
        return url
    }

    /// Ports a scheme implies (RFC 9110 §4.2).
    static let defaultPorts = ["https": 443, "http": 80]
}
