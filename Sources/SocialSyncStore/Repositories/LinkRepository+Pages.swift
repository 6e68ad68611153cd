import SocialSyncCore

extension LinkRepository {
    /// At most `limit` links matching `filter` with ids above `afterID`, in id order: lets a
    /// caller walk all links in batches with work (network requests) between the batches,
    /// holding no transaction open meanwhile.
    public func page(_ filter: LinkFilter, afterID: Int64, limit: Int) throws(StoreError) -> [Link] {
        let (conditions, values) = filter.conditions
        let sql = "SELECT \(Self.columns) FROM links WHERE \((["id > ?"] + conditions).joined(separator: " AND ")) ORDER BY id LIMIT ?"
        return try database().query(sql, [.integer(afterID)] + values + [.integer(limit)], row: Self.decode)
    }
}
