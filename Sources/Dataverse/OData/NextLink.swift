import Foundation

/// Where an `@odata.nextLink` or `@odata.deltaLink` may lead. The client follows such a link
/// unchanged (PA `webapi/query/page-results`) and sends the instance's access token with it,
/// so a link is followed only when it stays under the instance's own Web API base: same
/// scheme, host and port, no user info, and the base's path as its prefix. Anything else
/// (another host, a link that does not parse) makes the read unusable, never "missing" (N1).
/// So does a link Foundation would have to re-encode to request (a space, a control
/// character): Dataverse sends its links percent-encoded (PA `webapi/query/page-results`
/// shows one), so such a link is not one of its, and "unchanged" would no longer hold.
///
/// Which host name and case Dataverse writes into links is not documented (docs/dataverse.md review
/// B6): scheme and host compare without regard to case (RFC 3986 §6.2.2.1), ports by their
/// value with the scheme's default filled in, and the base's path case-insensitively, so an
/// instance URL typed with capitals or `:443` still follows the organization's own links.
enum NextLink {
    /// The link as a URL to request, or nil when it leaves `apiBase` or does not parse.
    static func url(_ link: String, under apiBase: URL) -> URL? {
        guard let url = URL(string: link), url.absoluteString == link, url.user == nil, url.password == nil,
              let scheme = url.scheme?.lowercased(), scheme == apiBase.scheme?.lowercased(),
              let host = url.host?.lowercased(), host == apiBase.host?.lowercased(),
              port(url, scheme: scheme) == port(apiBase, scheme: scheme),
              let path = URLComponents(string: link)?.percentEncodedPath.lowercased(),
              let basePath = URLComponents(url: apiBase, resolvingAgainstBaseURL: false)?.percentEncodedPath.lowercased(),
              path.hasPrefix(basePath)
        else { return nil }
        return url
    }

    /// The port a request to `url` goes to.
    private static func port(_ url: URL, scheme: String) -> Int? {
        url.port ?? ["https": 443, "http": 80][scheme]
    }
}
