import Foundation
import SocialSyncCore

/// The details of each link's record (R16) from the verification that last read them, kept
/// so `links show` has them when the instance cannot be asked. One row per link.
public struct RecordDetailsRepository<Access>: Repository {
    let transaction: Transaction<Access>

    public func get(linkID: Int64) throws(StoreError) -> ObservedRecordDetails? {
        try database().queryFirst(
            "SELECT name, state, status, modified_on, observed_at FROM record_details WHERE link_id = ?", .integer(linkID)
        ) { row throws(StoreError) in
            ObservedRecordDetails(
                details: RecordDetails(name: row.optionalText(0), state: row.optionalText(1), status: row.optionalText(2), modifiedOn: row.optionalText(3)),
                observedAt: row.date(4))
        }
    }

    /// Which of these links have details kept. Verification reads the record of a link that
    /// has none even where its activity vouches for the record, so that `links show` always
    /// has a reading to fall back on.
    public func linksWithDetails(_ linkIDs: [Int64]) throws(StoreError) -> Set<Int64> {
        Set(try database().query(
            "SELECT link_id FROM record_details WHERE link_id IN (SELECT value FROM json_each(?))", .jsonArray(linkIDs)) { $0.int64(0) })
    }
}

extension RecordDetailsRepository where Access == WriteAccess {
    /// Keeps what a read found, replacing what an earlier one did.
    public func record(linkID: Int64, _ observed: ObservedRecordDetails) throws(StoreError) {
        let details = observed.details
        try database().run(
            """
            INSERT INTO record_details (link_id, name, state, status, modified_on, observed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT (link_id) DO UPDATE SET name = ?2, state = ?3, status = ?4, modified_on = ?5, observed_at = ?6
            """,
            .integer(linkID), .text(details.name), .text(details.state), .text(details.status), .text(details.modifiedOn),
            .date(observed.observedAt))
    }
}
