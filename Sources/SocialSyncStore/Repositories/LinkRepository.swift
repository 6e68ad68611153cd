import Foundation
import SocialSyncCore

/// Links between posts and records. Every way of creating or changing a link here also
/// writes its journal row in the same transaction: there is no API for one without the
/// other.
public struct LinkRepository<Access>: Repository {
    let transaction: Transaction<Access>

    /// The condition of the partial unique index on current links, spelled exactly as
    /// there so SQLite uses that index for queries about current links.
    static var isCurrent: String { SchemaVersion1.currentCondition }

    /// Every link of a post, current or not, with the post id bound to both parameters: a
    /// link is in exactly one of the two partial indexes on posts (`links_single_current`,
    /// `links_ended_by_post`), and only conditions spelled as theirs let SQLite use them.
    static var ofPost: String {
        "id IN (SELECT id FROM links WHERE post_id = ? AND \(isCurrent) UNION ALL SELECT id FROM links WHERE post_id = ? AND \(SchemaVersion7.endedCondition))"
    }

    static var columns: String { "id, post_id, instance_id, activity_id, record_entity, record_id, state, reason, updated_at" }

    public func get(_ id: Int64) throws(StoreError) -> Link? {
        try database().queryFirst("SELECT \(Self.columns) FROM links WHERE id = ?", .integer(id), row: Self.decode)
    }

    /// The post's pending, active or errored link, if any (at most one exists).
    public func current(ofPost postID: String) throws(StoreError) -> Link? {
        try database().queryFirst(
            "SELECT \(Self.columns) FROM links WHERE post_id = ? AND \(Self.isCurrent)",
            .text(postID), row: Self.decode
        )
    }

    /// The id of the post's most recent link, whatever its state. Link ids only grow, so
    /// a removed link is the post's newest exactly when the post was not linked again
    /// since (R30 vs R31, `Reassociation.isCandidate`).
    public func newestLinkID(ofPost postID: String) throws(StoreError) -> Int64? {
        try database().queryFirst("SELECT max(id) FROM links WHERE \(Self.ofPost)", .text(postID), .text(postID)) { row in
            row.isNull(0) ? nil : row.int64(0)
        } ?? nil
    }

    /// Calls `body` with every link matching `filter`, in id order, a page at a time:
    /// never more than one page is held in memory. `body` may change links (e.g. apply
    /// transitions) while the iteration goes on; each link is visited once.
    public func forEach(_ filter: LinkFilter = LinkFilter(), _ body: (Link) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            let page = try page(filter, afterID: after, limit: Paging.pageSize)
            for link in page { try body(link) }
            guard page.count == Paging.pageSize, let last = page.last else { return }
            after = last.id
        }
    }

    /// How many links are in each state, over all instances or for one; every state is
    /// present, with 0 when it has no link.
    public func counts(instanceID: String? = nil) throws(StoreError) -> [LinkState: Int] {
        let rows: [(LinkState, Int)]
        if let instanceID {
            rows = try database().query(
                "SELECT state, count(*) FROM links WHERE instance_id = ? GROUP BY state", .text(instanceID)
            ) { row throws(StoreError) in (try row.value(0), row.int(1)) }
        } else {
            rows = try database().query("SELECT state, count(*) FROM links GROUP BY state") { row throws(StoreError) in
                (try row.value(0), row.int(1))
            }
        }
        return Self.zeroCounts.merging(rows) { $1 }
    }

    /// Link counts by state for every instance that has links, keyed by instance id.
    public func countsByInstance() throws(StoreError) -> [String: [LinkState: Int]] {
        let rows = try database().query("SELECT instance_id, state, count(*) FROM links GROUP BY instance_id, state") {
            row throws(StoreError) in (row.text(0), try row.value(1, LinkState.self), row.int(2))
        }
        var counts: [String: [LinkState: Int]] = [:]
        for (instance, state, count) in rows { counts[instance, default: Self.zeroCounts][state] = count }
        return counts
    }

    /// The definitive negative finding seen on consecutive checks that has not broken the
    /// link yet (flap control for R20-R22), or nil.
    public func suspicion(_ linkID: Int64) throws(StoreError) -> Streak<LinkReason>? {
        let row = try database().queryFirst("SELECT suspected, suspected_count FROM links WHERE id = ?", .integer(linkID)) {
            row throws(StoreError) in (try row.optionalValue(0, LinkReason.self), row.int(1))
        }
        guard let row else { throw .unknownLink(id: linkID) }
        return row.0.map { Streak(answer: $0, count: row.1) }
    }

    /// The client-chosen ids of a link created by socialsync (R8), so a retry sends the
    /// same ones; nil for a link imported or created elsewhere.
    public func creationIDs(_ linkID: Int64) throws(StoreError) -> CreationIDs? {
        let row = try database().queryFirst("SELECT profile_id, record_id, activity_id, contact_id FROM links WHERE id = ?", .integer(linkID)) {
            row in row.optionalGUID(0).map { CreationIDs(contactID: row.guid(3), profileID: $0, recordID: row.guid(1), activityID: row.guid(2)) }
        }
        guard let row else { throw .unknownLink(id: linkID) }
        return row
    }

    /// The instance's message for a creation it refused (R8a); nil for any other link.
    public func failure(_ linkID: Int64) throws(StoreError) -> String? {
        try database().queryFirst("SELECT failure FROM links WHERE id = ?", .integer(linkID)) { $0.optionalText(0) } ?? nil
    }

    static var zeroCounts: [LinkState: Int] {
        Dictionary(uniqueKeysWithValues: LinkState.allCases.map { ($0, 0) })
    }

    static func decode(_ row: Statement) throws(StoreError) -> Link {
        Link(
            id: row.int64(0), postID: row.text(1), instanceID: row.text(2), activityID: row.guid(3),
            record: RecordReference(entity: row.text(4), id: row.guid(5)), state: try row.value(6),
            reason: try row.optionalValue(7), updatedAt: row.date(8)
        )
    }
}

extension LinkRepository where Access == WriteAccess {
    /// Adds a link and its journal row (from nothing to `state`). Ids are stored
    /// lower-cased. Fails with `postAlreadyLinked` when `state` is current and the post
    /// already has a current link, `unknownPostOrInstance` when either does not exist.
    @discardableResult
    public func insert(
        postID: String, instanceID: String, activityID: String, record: RecordReference,
        state: LinkState, reason: LinkReason?, actor: Actor, at time: Date
    ) throws(StoreError) -> Link {
        try insert(postID: postID, instanceID: instanceID, activityID: activityID, record: record,
                   state: state, reason: reason, ids: nil, actor: actor, at: time)
    }

    /// R8: adds a `pending` link carrying the client-chosen ids and queues its creation in
    /// the outbox, first attempt due at `time`. Confirmation is `applyTransition` to
    /// active, which also takes it off the outbox.
    @discardableResult
    public func insertPending(
        postID: String, instanceID: String, recordEntity: String, ids: CreationIDs, actor: Actor, at time: Date
    ) throws(StoreError) -> Link {
        let link = try insert(
            postID: postID, instanceID: instanceID, activityID: ids.activityID,
            record: RecordReference(entity: recordEntity, id: ids.recordID), state: .pending, reason: nil,
            ids: ids, actor: actor, at: time
        )
        try transaction.outbox.enqueue(link.id, dueAt: time)
        return link
    }

    /// Moves a link to `transition.to` with its reason and appends the journal row, if the
    /// link is still in `expectedFrom`; otherwise fails with `unexpectedLinkState` (another
    /// writer got there first) and changes nothing.
    ///
    /// A transition starts the link's observations afresh: its suspicion streak and its
    /// restore-pending mark are cleared. Leaving `pending` takes it off the outbox.
    @discardableResult
    public func applyTransition(
        _ linkID: Int64, expectedFrom: LinkState, _ transition: Transition, actor: Actor, at time: Date
    ) throws(StoreError) -> Link {
        let database = try database()
        guard let current = try get(linkID) else { throw .unknownLink(id: linkID) }
        guard current.state == expectedFrom else {
            throw .unexpectedLinkState(linkID: linkID, expected: expectedFrom, actual: current.state)
        }
        // Read and write happen under this transaction's write lock, so nothing can come
        // in between. (Not UPDATE … RETURNING: SQLite stages returned rows in a temporary
        // table, which doubled the cost of a transition.)
        do throws(StoreError) {
            try database.run(
                """
                UPDATE links SET state = ?, reason = ?, updated_at = ?, suspected = NULL, suspected_count = 0, restore_pending = 0
                WHERE id = ?
                """,
                .raw(transition.to), .raw(transition.reason), .date(time), .integer(linkID)
            )
        } catch where error.isConstraintViolation(on: .unique) {
            throw .postAlreadyLinked(postID: current.postID)
        }
        try appendJournal(linkID: linkID, from: expectedFrom, to: transition.to, reason: transition.reason, actor: actor, at: time)
        if expectedFrom == .pending, transition.to != .pending {
            try transaction.outbox.remove(linkID)
        }
        var updated = current
        updated.state = transition.to
        updated.reason = transition.reason
        updated.updatedAt = time
        return updated
    }

    /// Keeps the instance's message with a link whose creation it refused (R8a).
    public func setFailure(_ linkID: Int64, _ message: String) throws(StoreError) {
        if try database().run("UPDATE links SET failure = ? WHERE id = ?", .text(message), .integer(linkID)) == 0 {
            throw .unknownLink(id: linkID)
        }
    }

    /// Remembers the streak of a definitive negative finding (nil clears it).
    public func setSuspicion(_ linkID: Int64, _ streak: Streak<LinkReason>?) throws(StoreError) {
        let changed = try database().run(
            "UPDATE links SET suspected = ?, suspected_count = ? WHERE id = ?",
            .raw(streak?.answer), .integer(streak?.count ?? 0), .integer(linkID)
        )
        if changed == 0 { throw .unknownLink(id: linkID) }
    }

    /// Marks a link removed by an instance deletion as waiting for R30 after the instance
    /// is re-associated (visit them with `LinkFilter(restorePendingOnly: true)`), or clears it.
    public func setRestorePending(_ linkID: Int64, _ pending: Bool) throws(StoreError) {
        if try database().run("UPDATE links SET restore_pending = ? WHERE id = ?", .bool(pending), .integer(linkID)) == 0 {
            throw .unknownLink(id: linkID)
        }
    }

    private func insert(
        postID: String, instanceID: String, activityID: String, record: RecordReference, state: LinkState,
        reason: LinkReason?, ids: CreationIDs?, actor: Actor, at time: Date
    ) throws(StoreError) -> Link {
        let database = try database()
        let link = Link(id: 0, postID: postID, instanceID: instanceID, activityID: activityID, record: record,
                        state: state, reason: reason, updatedAt: time)
        do throws(StoreError) {
            try database.run(
                """
                INSERT INTO links (post_id, instance_id, activity_id, record_entity, record_id, state, reason, updated_at, profile_id, contact_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                .text(link.postID), .text(link.instanceID), StoredGUID.value(link.activityID), .text(link.record.entity),
                StoredGUID.value(link.record.id), .raw(state), .raw(reason), .date(time), StoredGUID.value(ids?.profileID),
                StoredGUID.value(ids?.contactID)
            )
        } catch where error.isConstraintViolation(on: .unique) {
            throw .postAlreadyLinked(postID: postID)
        } catch where error.isConstraintViolation(on: .foreignKey) {
            throw .unknownPostOrInstance(postID: postID, instanceID: instanceID)
        }
        var inserted = link
        inserted.id = database.lastInsertedRowID
        try appendJournal(linkID: inserted.id, from: nil, to: state, reason: reason, actor: actor, at: time)
        return inserted
    }

    private func appendJournal(linkID: Int64, from: LinkState?, to: LinkState, reason: LinkReason?, actor: Actor, at time: Date) throws(StoreError) {
        try database().run(
            "INSERT INTO journal (link_id, from_state, to_state, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?)",
            .integer(linkID), .raw(from), .raw(to), .raw(reason), .raw(actor), .date(time)
        )
    }
}
