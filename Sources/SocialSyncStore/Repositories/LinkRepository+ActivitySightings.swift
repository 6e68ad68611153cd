import Foundation
import SocialSyncCore

/// Whole-table verification (SchemaVersion8): which links a pass's pages of the social
/// activity table showed, kept on the links so the pass holds nothing that grows with them.
extension LinkRepository {
    /// At most `limit` of the instance's links in `states` with ids above `afterID` whose
    /// activity no page of `pass` showed, in id order.
    public func unsighted(
        instanceID: String, states: [LinkState], pass: Int64, afterID: Int64, limit: Int
    ) throws(StoreError) -> [Link] {
        try database().query(
            """
            SELECT \(Self.columns) FROM links WHERE id > ? AND instance_id = ? AND state IN (\(Self.placeholders(states.count)))
            AND (activity_seen_pass IS NULL OR activity_seen_pass <> ?) ORDER BY id LIMIT ?
            """,
            [.integer(afterID), .text(instanceID)] + states.map { .raw($0) } + [.integer(pass), .integer(limit)], row: Self.decode)
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

}

extension LinkRepository where Access == WriteAccess {
    /// The instance's links in `states` whose activity is one of `activityIDs` (lower-cased)
    /// and that no earlier page of `pass` showed, stamped as shown by it. A link is
    /// returned once per pass, so a row a later page repeats is not judged twice (which
    /// would count one observation as two confirmations).
    public func sight(
        activityIDs: [String], instanceID: String, states: [LinkState], pass: Int64
    ) throws(StoreError) -> [Link] {
        let database = try database()
        let links = try database.query(
            """
            SELECT \(Self.columns) FROM links WHERE activity_id IN (\(Self.placeholders(activityIDs.count))) AND instance_id = ?
            AND state IN (\(Self.placeholders(states.count))) AND (activity_seen_pass IS NULL OR activity_seen_pass <> ?) ORDER BY id
            """,
            // Each id as the links store it (StoredGUID): a page holds at most 5,000, well
            // under SQLite's limit on bound parameters.
            activityIDs.map(StoredGUID.value) + [.text(instanceID)] + states.map { .raw($0) } + [.integer(pass)], row: Self.decode)
        try database.run(
            "UPDATE links SET activity_seen_pass = ? WHERE id IN (SELECT value FROM json_each(?))",
            .integer(pass), SQLValue.jsonArray(links.map(\.id)))
        return links
    }
}
