import Foundation

/// Where an `@odata.nextLink` or `@odata.deltaLink` may lead. The client follows such a link
/// unchanged (PA `webapi/query/page-results`) and sends the instance's access token with it,
/// so a link is followed only when it stays under the instance's own Web API base: same
/// scheme, host and port, and the base's path as its prefix. Anything else (another host,
/// a link that does not parse) makes the read unusable, never "missing" (N1). So does a link
/// Foundation would have to re-encode to request (a space, a control character): Dataverse
/// sends its links percent-encoded (PA `webapi/query/page-results` shows one), so such a link
/// is not one of its, and "unchanged" would no longer hold.
enum NextLink {
    /// The link as a URL to request, or nil when it leaves `apiBase` or does not parse.
    static func url(_ link: String, under apiBase: URL) -> URL? {
        let base = apiBase.absoluteString
        guard link.hasPrefix(base), let url = URL(string: link), url.absoluteString == link,
              url.scheme?.lowercased() == apiBase.scheme?.lowercased(),
              url.host?.lowercased() == apiBase.host?.lowercased(),
              url.port == apiBase.port
        else { return nil }
        return url
    }
}
