import SocialSyncCore

extension LinkRepository {
    /// The suspicion streaks of these links, for flap control over a whole batch in one
    /// query (per-link `suspicion` look-ups were the store's largest cost in a pass). Links
    /// without a streak are absent; unknown ids are ignored.
    public func suspicions(_ linkIDs: [Int64]) throws(StoreError) -> [Int64: Streak<LinkReason>] {
        guard let lowest = linkIDs.min(), let highest = linkIDs.max() else { return [:] }
        let wanted = Set(linkIDs)
        let rows = try database().query(
            "SELECT id, suspected, suspected_count FROM links WHERE \(SchemaVersion2.suspectedCondition) AND id BETWEEN ? AND ?",
            .integer(lowest), .integer(highest)
        ) { row throws(StoreError) in (row.int64(0), try row.value(1, LinkReason.self), row.int(2)) }
        var streaks: [Int64: Streak<LinkReason>] = [:]
        for (id, answer, count) in rows where wanted.contains(id) {
            streaks[id] = Streak(answer: answer, count: count)
        }
        return streaks
    }

    /// The instance's active links with ids up to `throughID` that a change names (by
    /// activity or record id, lower-cased) or that carry a suspicion streak: what an
    /// incremental pass must verify besides errored and newer links. In id order.
    public func activeLinksToRecheck(
        instanceID: String, throughID: Int64, activityIDs: Set<String>, recordIDs: Set<String>
    ) throws(StoreError) -> [Link] {
        let database = try database()
        let filter = "instance_id = ? AND state = 'active' AND id <= ?"
        var found: [Int64: Link] = [:]
        for id in activityIDs {
            for link in try database.query("SELECT \(Self.columns) FROM links WHERE activity_id = ? AND \(filter)",
                                           StoredGUID.value(id), .text(instanceID), .integer(throughID), row: Self.decode) {
                found[link.id] = link
            }
        }
        for id in recordIDs {
            for link in try database.query("SELECT \(Self.columns) FROM links WHERE record_id = ? AND \(filter)",
                                           StoredGUID.value(id), .text(instanceID), .integer(throughID), row: Self.decode) {
                found[link.id] = link
            }
        }
        for link in try database.query("SELECT \(Self.columns) FROM links WHERE \(SchemaVersion2.suspectedCondition) AND \(filter)",
                                       .text(instanceID), .integer(throughID), row: Self.decode) {
            found[link.id] = link
        }
        return found.values.sorted { $0.id < $1.id }
    }

    /// The highest link id so far (0 without links).
    public func highestID() throws(StoreError) -> Int64 {
        try database().queryFirst("SELECT coalesce(max(id), 0) FROM links") { $0.int64(0) } ?? 0
    }
}
