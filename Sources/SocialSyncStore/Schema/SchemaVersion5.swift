/// Automation rules that route (issue 11, R40-R44): when a rule was last activated, how
/// many posts it routed, and journal rows written by a rule; and the record details of R16. Frozen once released: later
/// changes are new migrations.
enum SchemaVersion5 {
    static let sql = """
    -- The last activation (R41 picks the most recent; R42: only posts imported after it),
    -- NULL while inactive. Seconds since 2001-01-01 UTC like every other time.
    ALTER TABLE rules ADD COLUMN activated_at REAL;
    -- How many posts the rule routed.
    ALTER TABLE rules ADD COLUMN routed INTEGER NOT NULL DEFAULT 0;
    -- Rules active before this version count as activated by the upgrade.
    UPDATE rules SET activated_at = (julianday('now') - 2451910.5) * 86400 WHERE is_active = 1;

    -- R16: each link's record as the verification that last read it found it: primary name,
    -- state and status labels, modifiedon as the instance wrote it, and when it was read.
    CREATE TABLE record_details (
        link_id INTEGER PRIMARY KEY REFERENCES links (id),
        name TEXT,
        state TEXT,
        status TEXT,
        modified_on TEXT,
        observed_at REAL NOT NULL
    ) STRICT;
    """

    /// Lets the journal name a rule as its actor (`rule:<id>`).
    static func widenActors(_ database: Database) throws(StoreError) {
        try SchemaDefinitionEdit.widen(database, tables: ["journal"], [
            ("WHEN 'reconciler' THEN 1 ELSE 0 END", "WHEN 'reconciler' THEN 1 ELSE actor LIKE 'rule:_%' END"),
        ])
    }
}
