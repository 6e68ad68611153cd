/// Dataverse fidelity (issue 10): creations that end (R8a), the author's contact, and the
/// columns and relationships of each table. Frozen once released: later changes are new migrations.
enum SchemaVersion3 {
    static let sql = """
    -- The client-chosen id of the author's contact, used when the author has no profile yet.
    ALTER TABLE links ADD COLUMN contact_id TEXT;
    -- Creations queued before this version get a contact id of their own (a random
    -- version-4 GUID), kept from then on like the other client-chosen ids.
    UPDATE links SET contact_id = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
        || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE profile_id IS NOT NULL;
    -- The instance's message when it refused a creation for good (R8a, state 'failed').
    ALTER TABLE links ADD COLUMN failure TEXT;
    -- JSON arrays of the table's columns and many-to-one relationships (R4); NULL when the
    -- instance did not report them.
    ALTER TABLE entity_metadata ADD COLUMN attributes TEXT;
    ALTER TABLE entity_metadata ADD COLUMN many_to_one TEXT;
    -- Metadata stored before lacks both; it is read again from each instance on first need.
    DELETE FROM entity_metadata;
    """

    /// Adds state `failed` and reason `creation_rejected` to the checked values of links and
    /// journal. SQLite cannot alter a CHECK constraint; widening one changes no stored row,
    /// which is the case SQLite's ALTER TABLE page allows by editing the table's definition
    /// in `sqlite_schema` and bumping `schema_version`, inside the migration's transaction
    /// (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes").
    static func widenChecks(_ database: Database) throws(StoreError) {
        let version = try database.queryFirst("PRAGMA schema_version") { $0.int(0) } ?? 0
        try database.execute("PRAGMA writable_schema = ON")
        try database.run(
            """
            UPDATE sqlite_schema SET sql = replace(replace(sql, ?, ?), ?, ?) WHERE type = 'table' AND name IN ('links', 'journal')
            """,
            .text("WHEN 'removed' THEN 1 "), .text("WHEN 'removed' THEN 1 WHEN 'failed' THEN 1 "),
            .text("WHEN 'created' THEN 1 "), .text("WHEN 'created' THEN 1 WHEN 'creation_rejected' THEN 1 ")
        )
        try database.execute("PRAGMA schema_version = \(version + 1)")
        try database.execute("PRAGMA writable_schema = OFF")
    }
}
