import SocialSyncCore

/// Splits ids into `Microsoft.Dynamics.CRM.In` filters whose full, encoded GET URL stays within
/// the Web API's limit (PA `webapi/query/filter-rows`, `webapi/query/overview`).
struct InFilterChunks {
    /// `<set>?$select=…&$filter=` followed by the encoded filter; relative to the API base.
    let relativePrefix: String
    let key: String
    /// Characters available for the relative part once the base URL is counted.
    let budget: Int

    /// Room left for the `$skiptoken` Dataverse appends to the same URL in `@odata.nextLink`:
    /// the next page's URL must fit the limit too. Inferred: a paging cookie is a few hundred
    /// characters encoded; 2048 leaves a wide margin for about 5% fewer ids per request.
    static let nextLinkReserve = 2048

    init(set: String, select: String, key: String, apiBaseLength: Int, maxURLLength: Int) {
        relativePrefix = "\(set)?$select=\(PercentEncoding.queryValue(select))&$filter="
        self.key = key
        budget = maxURLLength - apiBaseLength - Self.nextLinkReserve
    }

    /// The relative URL for these ids: parameter-free `In(PropertyName='…',PropertyValues=['…'])`.
    func relativeURL(_ ids: [String]) -> String {
        relativePrefix + opening + ids.map(quoted).joined(separator: Self.separator) + closing
    }

    /// Greedy chunks; an id whose chunk alone would not fit is left out (ids are GUIDs, so
    /// this only happens with an absurd `maxURLLength`).
    func chunks(_ ids: [String]) -> [[String]] {
        let fixed = relativePrefix.utf8.count + opening.utf8.count + closing.utf8.count
        let separator = Self.separator.utf8.count
        var chunks: [[String]] = []
        var current: [String] = []
        var length = fixed
        for id in ids {
            let item = quoted(id).utf8.count
            if !current.isEmpty, length + separator + item > budget {
                chunks.append(current)
                current = []
                length = fixed
            }
            let cost = item + (current.isEmpty ? 0 : separator)
            guard length + cost <= budget else { continue }
            current.append(id)
            length += cost
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    private var opening: String { PercentEncoding.queryValue("Microsoft.Dynamics.CRM.In(PropertyName='\(key)',PropertyValues=[") }
    private var closing: String { PercentEncoding.queryValue("])") }
    /// `,` is one of the sub-delimiters OData keeps literal (`PercentEncoding.queryValueCharacters`).
    private static let separator = ","

    /// A GUID (what the client asks about) needs no encoding: only its quotes are added, which
    /// OData keeps literal. Anything else goes through the encoder.
    private func quoted(_ id: String) -> String {
        id.utf8.allSatisfy { GUID.isHexDigit($0) || $0 == UInt8(ascii: "-") } ? "'" + id + "'" : PercentEncoding.queryValue("'\(id)'")
    }
}
