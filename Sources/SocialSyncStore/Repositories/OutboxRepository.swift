import Foundation

/// Pending creations (R8) and when to try each again. `LinkRepository.insertPending`
/// queues an item and a transition out of `pending` removes it, so the outbox follows
/// the links by itself; the methods here serve the retry loop.
public struct OutboxRepository<Access>: Repository {
    let transaction: Transaction<Access>

    static var columns: String { "outbox.link_id, outbox.attempts, outbox.next_attempt_at, outbox.last_error" }

    public func get(_ linkID: Int64) throws(StoreError) -> OutboxItem? {
        try database().queryFirst("SELECT \(Self.columns) FROM outbox WHERE link_id = ?", .integer(linkID), row: Self.decode)
    }

    /// Items due at `time`, earliest first, at most `limit`; only those of one instance
    /// when `instanceID` is given (e.g. to skip a throttled one).
    public func due(at time: Date, instanceID: String? = nil, limit: Int) throws(StoreError) -> [OutboxItem] {
        if let instanceID {
            return try database().query(
                """
                SELECT \(Self.columns) FROM outbox JOIN links ON links.id = outbox.link_id
                WHERE outbox.next_attempt_at <= ? AND links.instance_id = ? ORDER BY outbox.next_attempt_at, outbox.link_id LIMIT ?
                """,
                .date(time), .text(instanceID), .integer(limit), row: Self.decode
            )
        }
        return try database().query(
            "SELECT \(Self.columns) FROM outbox WHERE next_attempt_at <= ? ORDER BY next_attempt_at, link_id LIMIT ?",
            .date(time), .integer(limit), row: Self.decode
        )
    }

    /// How many creations are waiting, due or not.
    public func count() throws(StoreError) -> Int {
        try database().queryFirst("SELECT count(*) FROM outbox") { $0.int(0) } ?? 0
    }

    /// The creations waiting for `instanceID`, due or not, and the oldest one's queueing time:
    /// its link's first journal row, written when the link was created.
    public func backlog(instanceID: String) throws(StoreError) -> OutboxBacklog {
        try database().queryFirst(
            """
            SELECT count(*), min((SELECT at FROM journal WHERE journal.link_id = outbox.link_id ORDER BY id LIMIT 1))
            FROM outbox JOIN links ON links.id = outbox.link_id WHERE links.instance_id = ?
            """,
            .text(instanceID)
        ) { row in OutboxBacklog(items: row.int(0), oldestQueuedAt: row.optionalDate(1)) } ?? OutboxBacklog(items: 0, oldestQueuedAt: nil)
    }

    static func decode(_ row: Statement) -> OutboxItem {
        OutboxItem(linkID: row.int64(0), attempts: row.int(1), nextAttemptAt: row.date(2), lastError: row.optionalText(3))
    }
}

extension OutboxRepository where Access == WriteAccess {
    /// Queues the creation of a pending link (again), due at `time`, with no attempt made.
    public func enqueue(_ linkID: Int64, dueAt time: Date) throws(StoreError) {
        do throws(StoreError) {
            try database().run(
                """
                INSERT INTO outbox (link_id, attempts, next_attempt_at, last_error) VALUES (?, 0, ?, NULL)
                ON CONFLICT (link_id) DO UPDATE SET attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = NULL
                """,
                .integer(linkID), .date(time)
            )
        } catch where error.isConstraintViolation(on: .foreignKey) {
            throw .unknownLink(id: linkID)
        }
    }

    /// Records a failed attempt: how many were made, when to try next, and why it failed
    /// (the caller keeps secrets and post text out of `lastError`).
    public func reschedule(_ linkID: Int64, attempts: Int, nextAttemptAt: Date, lastError: String?) throws(StoreError) {
        let changed = try database().run(
            "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE link_id = ?",
            .integer(attempts), .date(nextAttemptAt), .text(lastError), .integer(linkID)
        )
        if changed == 0 { throw .unknownLink(id: linkID) }
    }

    /// Takes an item off the outbox; nothing happens when it is not there.
    public func remove(_ linkID: Int64) throws(StoreError) {
        try database().run("DELETE FROM outbox WHERE link_id = ?", .integer(linkID))
    }
}
