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
/// `https://server/OrgName` and the simulator serves each organization under one, so one
/// path segment is allowed and no more (a pasted Web API or app URL, `/api/data/v9.2` or
/// `/main.aspx?…`, is refused). The Web API base and the token scope (`<URL>/.default`) are
/// built from this URL, so anything that would change their meaning is refused rather than
/// silently cut, before the failure could surface as a misleading token error: a query, a
/// fragment, user information (`user:password@`, which must not be stored either), and a
/// port outside 1-65535. http is allowed here; that it is only for loopback hosts is
/// `URLPolicy`'s rule, checked by the caller.
public enum InstanceURL {
    /// Why a text is no instance URL.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case notAbsolute
        case unsupportedScheme
        case hasUserInfo
        case portOutOfRange
        case hasQuery
        case hasFragment
        case unsupportedPath

        public var description: String {
            switch self {
            case .notAbsolute: "is not an absolute URL"
            case .unsupportedScheme: "must start with https:// (http:// only for a loopback address)"
            case .hasUserInfo: "must not carry a user name or password (user@…); credentials are given with --client-id and --client-secret-file"
            case .portOutOfRange: "has a port outside 1-65535"
            case .hasQuery: "must not have a query (?…)"
            case .hasFragment: "must not have a fragment (#…)"
            case .unsupportedPath: "must be the organization's URL: no path, or one segment naming an on-premises organization (https://server/OrgName), not a Web API or app address"
            }
        }
    }

    public static func normalized(_ text: String) throws(Problem) -> URL {
        guard var components = URLComponents(string: text) else { throw portOutOfRange(text) ? .portOutOfRange : .notAbsolute }
        guard let scheme = components.scheme, let host = components.percentEncodedHost, !host.isEmpty else { throw .notAbsolute }
        guard defaultPorts[scheme.lowercased()] != nil else { throw .unsupportedScheme }
        guard components.percentEncodedUser == nil, components.percentEncodedPassword == nil else { throw .hasUserInfo }
        if let port = components.port, !(1...65535).contains(port) { throw .portOutOfRange }
        guard components.percentEncodedQuery == nil else { throw .hasQuery }
        guard components.percentEncodedFragment == nil else { throw .hasFragment }
        guard isOrganizationPath(components.percentEncodedPath) else { throw .unsupportedPath }
        components.scheme = scheme.lowercased()
        components.percentEncodedHost = host.lowercased()
        if let port = components.port, port == defaultPorts[scheme.lowercased()] { components.port = nil }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        components.percentEncodedPath = path
        guard let url = components.url else { throw .notAbsolute }
        return url
    }

    /// The URL as a message may show it: scheme, host, port and path only, since user
    /// information, a query or a fragment may hold what must not reach a terminal or a log.
    public static func shown(_ text: String) -> String {
        guard let components = URLComponents(string: text), let scheme = components.scheme, let host = components.percentEncodedHost else {
            return "(not a URL)"
        }
        let port = components.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(host)\(port)\(components.percentEncodedPath)"
    }

    /// Empty, or one segment of letters, digits, `.`, `_`, `-` (not `.` or `..`), trailing
    /// slashes aside.
    static func isOrganizationPath(_ path: String) -> Bool {
        let segments = path.split(separator: "/")
        guard let segment = segments.first else { return true }
        return segments.count == 1 && segment != "." && segment != ".."
            && segment.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "._-".unicodeScalars.contains($0)) }
    }

    /// Foundation refuses to parse a URL whose port does not fit; tell that apart from a
    /// text that is no URL at all, so the message says what to fix.
    static func portOutOfRange(_ text: String) -> Bool {
        guard let authority = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).first,
              let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]")
        else { return false }
        let digits = authority[authority.index(after: colon)...]
        return !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
    }

    /// Ports a scheme implies (RFC 9110 §4.2).
    static let defaultPorts = ["https": 443, "http": 80]
}
