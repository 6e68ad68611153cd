import Foundation
import SocialSyncCore

/// The history of every link. Rows are only ever appended, by `LinkRepository`, in the
/// transaction that makes the change they record.
public struct JournalRepository<Access>: Repository {
    let transaction: Transaction<Access>

    static var columns: String { "id, link_id, from_state, to_state, reason, actor, at" }

    /// The link's history, oldest first.
    public func entries(forLink linkID: Int64) throws(StoreError) -> [JournalEntry] {
        try database().query("SELECT \(Self.columns) FROM journal WHERE link_id = ? ORDER BY id", .integer(linkID), row: Self.decode)
    }

    /// The id of the newest journal row (0 for none). Rows are only appended and every link
    /// creation or state change writes one, so while this stays the same no link's state
    /// changed: a cheap test (the rowid's b-tree end) before an expensive recount.
    public func highWaterMark() throws(StoreError) -> Int64 {
        try database().queryFirst("SELECT coalesce(max(id), 0) FROM journal") { row in row.int64(0) } ?? 0
    }

    /// Calls `body` with every journal row after `afterID`, oldest first, a page at a time.
    public func forEach(after afterID: Int64 = 0, _ body: (JournalEntry) throws -> Void) throws {
        let sql = "SELECT \(Self.columns) FROM journal WHERE id > ? ORDER BY id LIMIT \(Paging.pageSize)"
        var after = afterID
        while true {
            let page = try database().query(sql, .integer(after), row: Self.decode)
            for entry in page { try body(entry) }
            guard page.count == Paging.pageSize, let last = page.last else { return }
            after = last.id
        }
    }

    /// Calls `body` with every journal row after `afterID` and its link's post and
    /// instance, oldest first, a page at a time (the change feed, `links changes`).
    public func forEachChange(after afterID: Int64, _ body: (JournalChange) throws -> Void) throws {
        var after = afterID
        while true {
            let page = try changes(after: after, limit: Paging.pageSize)
            for change in page { try body(change) }
            guard page.count == Paging.pageSize, let last = page.last else { return }
            after = last.entry.id
        }
    }

    /// At most `limit` journal rows after `afterID` with their link's post and instance,
    /// oldest first: one page, for a reader that must not hold a transaction open across pages.
    public func changes(after afterID: Int64, limit: Int) throws(StoreError) -> [JournalChange] {
        let columns = Self.columns.split(separator: ",").map { "journal.\($0.trimmingCharacters(in: .whitespaces))" }.joined(separator: ", ")
        let sql = """
            SELECT \(columns), links.post_id, links.instance_id FROM journal JOIN links ON links.id = journal.link_id
            WHERE journal.id > ? ORDER BY journal.id LIMIT ?
            """
        return try database().query(sql, .integer(afterID), .integer(Int64(limit))) { row throws(StoreError) in
            JournalChange(entry: try Self.decode(row), postID: row.text(7), instanceID: row.text(8))
        }
    }

    static func decode(_ row: Statement) throws(StoreError) -> JournalEntry {
        JournalEntry(
            id: row.int64(0), linkID: row.int64(1), from: try row.optionalValue(2), to: try row.value(3),
            reason: try row.optionalValue(4), actor: try row.value(5), at: row.date(6)
        )
    }
}
