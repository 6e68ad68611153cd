/// Schema 8: whole-table verification (issue 13). A pass that reads the social activity table
/// page by page matches each page against the links of those activities; the links whose
/// activity no page showed are then verified by id. Which links a page showed is stamped on
/// the link, so that question is answered by the store, never by a set held in memory that
/// grows with the links. Frozen once released: later changes are new migrations.
enum SchemaVersion8 {
    static let sql = """
    -- The pass (a random token of its own) whose whole-table read last showed the link's
    -- activity. A token, not a time: two passes may start at the same clock reading.
    ALTER TABLE links ADD COLUMN activity_seen_pass INTEGER;
    """
}
