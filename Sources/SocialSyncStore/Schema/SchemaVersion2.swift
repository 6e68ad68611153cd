/// Verification at scale (issue 6): batched flap-control reads and change tracking.
/// Frozen once released: later changes are new migrations.
enum SchemaVersion2 {
    static let sql = """
    -- Flap control reads the suspicion streaks of a whole batch of links at once; only a
    -- handful of links are ever suspected, so this partial index stays tiny and the batch's
    -- lookup never scans the links between its first and last id.
    CREATE INDEX links_suspected ON links (id) WHERE \(suspectedCondition);
    -- Change tracking names changed rows by id: links are found by record as by activity.
    CREATE INDEX links_by_record ON links (record_id);
    -- Every pass asks which record tables an instance's links use: one index seek per
    -- table (`LinkRepository.recordEntities`) instead of a visit to every link.
    CREATE INDEX links_by_instance_entity ON links (instance_id, record_entity);

    -- The `@odata.deltaLink` to call next, per instance and tracked table.
    CREATE TABLE delta_links (
        instance_id TEXT NOT NULL REFERENCES instances (id),
        entity_set TEXT NOT NULL,
        delta_link TEXT NOT NULL,
        PRIMARY KEY (instance_id, entity_set)
    ) STRICT, WITHOUT ROWID;

    -- When the instance's last full verification finished, and the highest link id every
    -- link up to which has been verified once: newer links are walked by the next pass.
    CREATE TABLE verification_marks (
        instance_id TEXT PRIMARY KEY NOT NULL REFERENCES instances (id),
        full_pass_at REAL NOT NULL,
        verified_through_link_id INTEGER NOT NULL
    ) STRICT;
    """

    /// Spelled exactly as in the index so queries repeating it can use the index.
    static let suspectedCondition = "suspected IS NOT NULL"
}
