import Foundation
import SocialSyncCore

/// What a change-tracking read of one table found (dataverse.md "Change tracking").
public enum TrackedChanges: Sendable, Equatable {
    /// The ids (lower-cased) written or deleted since the token, and the delta link to call
    /// next time. A first, full read reports no ids: its rows are the starting point.
    case changed(ids: Set<String>, deltaLink: String)
    /// The instance refused the read for good (token expired or foreign, change tracking
    /// turned off): drop the token and start over with a full read.
    case restart(detail: String)
    /// No usable answer (outage, throttling, an unreadable page): keep the token, and verify
    /// by batched reads this time (N1: nothing is concluded from it).
    case unavailable(detail: String)
}

extension DataverseClient {
    /// Starts tracking a table: pages through all of its rows with `Prefer: odata.track-changes`
    /// (`$select` of the key alone) to get the first delta link. Costs one request per 5000 rows.
    public func startTracking(set: String, key: String) async -> TrackedChanges {
        guard let url = apiURL("\(set)?$select=\(PercentEncoding.queryValue(key))") else {
            return .restart(detail: "cannot build a URL for \(set)")
        }
        return await readTracked(url, key: key, calling: nil)
    }

    /// The rows written or deleted since `deltaLink` was handed out, and the next link.
    public func changes(since deltaLink: String, key: String) async -> TrackedChanges {
        // The token goes only where the instance's own API lives (a URL edit makes it foreign).
        guard let url = NextLink.url(deltaLink, under: apiBase) else {
            return .restart(detail: "the delta link is not under \(apiBase.absoluteString)")
        }
        return await readTracked(url, key: key, calling: deltaLink)
    }

    /// `ExpiredVersionStamp`: "Version stamp associated with the client has expired. Please
    /// perform a full sync." (dataverse.md "Reading: what 'missing' means"). The Web API status
    /// that carries it is not documented, so the code alone decides.
    static let expiredVersionStampCode = "0x80044352"

    /// A full read (`calling` nil) or a delta call of the link `calling`.
    private func readTracked(_ first: URL, key: String, calling current: String?) async -> TrackedChanges {
        let prefer = HTTPHeader("Prefer", "odata.track-changes,odata.maxpagesize=\(configuration.pageSize)")
        var ids = Set<String>()
        var next = first
        while true {
            let page: DeltaPage
            switch await execute("GET", next, headers: [prefer]).classification {
            case let .success(_, body):
                guard let decoded = DeltaPage.decode(body, key: key) else { return .unavailable(detail: "unreadable change-tracking page") }
                page = decoded
            case let .failure(evidence) where evidence.errorCode?.lowercased() == Self.expiredVersionStampCode:
                return .restart(detail: evidence.detail)
            // A 4xx about the read itself (inferred: how an unknown token is refused); a refused
            // credential says nothing about the token and only makes this pass a full one.
            case let .failure(evidence) where evidence.isDefinitiveRefusal && evidence.verdict == .malformed:
                return .restart(detail: evidence.detail)
            case let .failure(evidence):
                return .unavailable(detail: evidence.detail)
            }
            if current != nil { ids.formUnion(page.ids) }
            if let link = page.nextLink {
                guard let url = NextLink.url(link, under: apiBase) else {
                    return .unavailable(detail: "a next link outside the instance's API")
                }
                next = url
            } else if let deltaLink = page.deltaLink, NextLink.url(deltaLink, under: apiBase) != nil {
                return .changed(ids: ids, deltaLink: deltaLink)
            } else if let current, page.deltaLink == nil {
                // "An empty JSON response is returned if no table changes have occurred": the
                // current link stays, and any change since it is in its next answer.
                return .changed(ids: ids, deltaLink: current)
            } else {
                return .unavailable(detail: "the last page carries no usable delta link")
            }
        }
    }
}
