import Foundation

/// Change tracking's state per instance: the delta link of each tracked table and the
/// verification mark. Lost state only costs a full pass, never a missed change.
public struct ChangeTrackingRepository<Access>: Repository {
    let transaction: Transaction<Access>

    /// The delta link to call next for each tracked table of the instance, by entity set.
    public func deltaLinks(instanceID: String) throws(StoreError) -> [String: String] {
        let rows = try database().query(
            "SELECT entity_set, delta_link FROM delta_links WHERE instance_id = ?", .text(instanceID)
        ) { row in (row.text(0), row.text(1)) }
        return Dictionary(rows) { _, last in last }
    }

    public func mark(instanceID: String) throws(StoreError) -> VerificationMark? {
        try database().queryFirst(
            "SELECT full_pass_at, verified_through_link_id FROM verification_marks WHERE instance_id = ?", .text(instanceID)
        ) { row in VerificationMark(fullPassAt: row.date(0), verifiedThroughLinkID: row.int64(1)) }
    }
}

extension ChangeTrackingRepository where Access == WriteAccess {
    public func setDeltaLink(instanceID: String, entitySet: String, _ link: String) throws(StoreError) {
        try database().run(
            """
            INSERT INTO delta_links (instance_id, entity_set, delta_link) VALUES (?, ?, ?)
            ON CONFLICT (instance_id, entity_set) DO UPDATE SET delta_link = excluded.delta_link
            """,
            .text(instanceID), .text(entitySet), .text(link))
    }

    /// Forgets the instance's delta links (one was expired or refused, which a URL edit or a
    /// long pause does to all of them at once): the next full pass starts every table over.
    public func removeDeltaLinks(instanceID: String) throws(StoreError) {
        try database().run("DELETE FROM delta_links WHERE instance_id = ?", .text(instanceID))
    }

    /// Forgets the mark: the instance's next pass is a full verification.
    public func removeMark(instanceID: String) throws(StoreError) {
        try database().run("DELETE FROM verification_marks WHERE instance_id = ?", .text(instanceID))
    }

    public func setMark(instanceID: String, _ mark: VerificationMark) throws(StoreError) {
        try database().run(
            """
            INSERT INTO verification_marks (instance_id, full_pass_at, verified_through_link_id) VALUES (?, ?, ?)
            ON CONFLICT (instance_id) DO UPDATE SET full_pass_at = excluded.full_pass_at,
                verified_through_link_id = excluded.verified_through_link_id
            """,
            .text(instanceID), .date(mark.fullPassAt), .integer(mark.verifiedThroughLinkID))
    }
}
