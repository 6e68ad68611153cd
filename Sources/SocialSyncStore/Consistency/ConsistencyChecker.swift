/// The checks behind `Store.checkConsistency()` and `socialsync check-store`. Each is one
/// SQL pass, so a large store is checked in seconds; values are compared as stored text,
/// so even values this version cannot decode are reported rather than failing the check.
struct ConsistencyChecker {
    let database: Database

    func problems() throws(StoreError) -> [ConsistencyProblem] {
        try integrity() + missingJournals() + disagreements() + brokenChains() + severalCurrentLinks()
    }

    private func integrity() throws(StoreError) -> [ConsistencyProblem] {
        try database.query("PRAGMA integrity_check") { $0.text(0) }
            .filter { $0 != "ok" }
            .map { .integrity($0) }
    }

    private func missingJournals() throws(StoreError) -> [ConsistencyProblem] {
        try database.query(
            "SELECT id FROM links WHERE NOT EXISTS (SELECT 1 FROM journal WHERE journal.link_id = links.id) ORDER BY id"
        ) { .missingJournal(linkID: $0.int64(0)) }
    }

    private func disagreements() throws(StoreError) -> [ConsistencyProblem] {
        try database.query(
            """
            SELECT links.id, links.state, links.reason, latest.to_state, latest.reason
            FROM links JOIN journal AS latest ON latest.id = (SELECT max(id) FROM journal WHERE journal.link_id = links.id)
            WHERE latest.to_state IS NOT links.state OR latest.reason IS NOT links.reason
            ORDER BY links.id
            """
        ) { row in
            .journalDisagrees(
                linkID: row.int64(0), state: row.text(1), reason: row.optionalText(2),
                journalState: row.text(3), journalReason: row.optionalText(4)
            )
        }
    }

    private func brokenChains() throws(StoreError) -> [ConsistencyProblem] {
        try database.query(
            """
            SELECT id, link_id, from_state, previous_to FROM (
                SELECT id, link_id, from_state, lag(to_state) OVER (PARTITION BY link_id ORDER BY id) AS previous_to
                FROM journal
            ) WHERE from_state IS NOT previous_to
            ORDER BY id
            """
        ) { row in
            .brokenChain(journalID: row.int64(0), linkID: row.int64(1), from: row.optionalText(2), previousTo: row.optionalText(3))
        }
    }

    private func severalCurrentLinks() throws(StoreError) -> [ConsistencyProblem] {
        try database.query(
            """
            SELECT post_id, count(*) FROM links WHERE \(LinkRepository<ReadAccess>.isCurrent)
            GROUP BY post_id HAVING count(*) > 1 ORDER BY post_id
            """
        ) { .severalCurrentLinks(postID: $0.text(0), count: $0.int(1)) }
    }
}
