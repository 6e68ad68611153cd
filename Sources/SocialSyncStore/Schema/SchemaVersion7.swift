/// A smaller store (issue 13 item 4): at a million links the links, their journal and
/// their indexes took about 400 bytes per link, more than the posts themselves. Frozen
/// once released: later changes are new migrations.
///
/// - Dataverse ids (activity, record, profile, contact) are stored as 16-byte BLOBs when
///   they are canonical GUIDs (`StoredGUID`), which needs ANY columns: a STRICT table cannot
///   change a column's type in place, so `links` is rebuilt as sqlite.org's ALTER TABLE page
///   describes ("Making Other Kinds Of Table Schema Changes", with foreign keys off:
///   `Migration.rebuildsTables`).
/// - `created_at` goes: the link's first journal row holds the same time.
/// - `links_by_state` goes: the only query by state alone, a count over all links, reads
///   `links_by_instance_state` instead, and a listing by state alone walks links in id order anyway.
/// - `links_by_post` held every link a second time beside `links_single_current`; it now
///   holds only the links that are no longer current, so each link is in exactly one of
///   the two (`LinkRepository.postCondition`).
/// - `links_by_instance_entity` merges into `links_by_instance_state`, whose third column
///   answers the record tables in use, one seek per state and table.
/// - `journal_by_link` drops its `id` column: an index on a rowid table ends with the rowid,
///   which the journal's id is, so the order by id within a link is kept.
enum SchemaVersion7 {
    static let sql = """
    CREATE TABLE links_v7 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        post_id TEXT NOT NULL REFERENCES posts (id),
        instance_id TEXT NOT NULL REFERENCES instances (id),
        activity_id ANY NOT NULL,
        record_entity TEXT NOT NULL,
        record_id ANY NOT NULL,
        state TEXT NOT NULL CHECK (\(SchemaVersion1.oneOf("state", states))),
        reason TEXT CHECK (\(SchemaVersion1.nullOrOneOf("reason", reasons))),
        updated_at REAL NOT NULL,
        profile_id ANY,
        restore_pending INTEGER NOT NULL DEFAULT 0 CHECK (restore_pending IN (0, 1)),
        suspected TEXT CHECK (\(SchemaVersion1.nullOrOneOf("suspected", reasons))),
        suspected_count INTEGER NOT NULL DEFAULT 0,
        contact_id ANY,
        failure TEXT
    ) STRICT;
    INSERT INTO links_v7 (id, post_id, instance_id, activity_id, record_entity, record_id, state, reason, updated_at,
                          profile_id, restore_pending, suspected, suspected_count, contact_id, failure)
        SELECT id, post_id, instance_id, \(guidFunction)(activity_id), record_entity, \(guidFunction)(record_id), state, reason,
               updated_at, \(guidFunction)(profile_id), restore_pending, suspected, suspected_count, \(guidFunction)(contact_id), failure
        FROM links ORDER BY id;
    -- AUTOINCREMENT's high-water mark moves with the rows: link ids keep growing from where they were.
    DELETE FROM sqlite_sequence WHERE name = 'links_v7';
    INSERT INTO sqlite_sequence (name, seq) SELECT 'links_v7', seq FROM sqlite_sequence WHERE name = 'links';
    DROP TABLE links;
    ALTER TABLE links_v7 RENAME TO links;

    CREATE UNIQUE INDEX links_single_current ON links (post_id) WHERE \(SchemaVersion1.currentCondition);
    CREATE INDEX links_ended_by_post ON links (post_id) WHERE \(endedCondition);
    CREATE INDEX links_by_instance_state ON links (instance_id, state, record_entity);
    CREATE INDEX links_by_activity ON links (activity_id);
    CREATE INDEX links_by_record ON links (record_id);
    CREATE INDEX links_restore_pending ON links (instance_id) WHERE restore_pending = 1;
    CREATE INDEX links_suspected ON links (id) WHERE \(SchemaVersion2.suspectedCondition);

    DROP INDEX journal_by_link;
    CREATE INDEX journal_by_link ON journal (link_id);
    """

    /// Spelled exactly as in `links_ended_by_post` so queries repeating it can use the index.
    static let endedCondition = "NOT \(SchemaVersion1.currentCondition)"

    /// The SQL function the copy converts ids with (`StoredGUID.sqlFunction`), defined on
    /// the migrating connection only.
    static let guidFunction = "socialsync_stored_guid"

    static func defineFunctions(_ database: Database) throws(StoreError) {
        try database.defineFunction(guidFunction, argumentCount: 1, StoredGUID.sqlFunction)
    }

    // As of schema 3 (which added `failed` and `creation_rejected`); spelled out like
    // SchemaVersion1's lists, so this step never changes when a case is added later.
    private static let states = ["pending", "active", "errored", "broken", "unlinked", "removed", "failed"]
    private static let reasons = [
        "instance_disabled", "instance_down", "instance_expired", "instance_unauthorized", "record_deleted",
        "record_dissociated", "activity_deleted", "instance_deleted", "unlinked_by_user", "restored", "created",
        "creation_rejected",
    ]
}
