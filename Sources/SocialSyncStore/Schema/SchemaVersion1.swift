/// The first schema. Frozen once released: later changes are new migrations.
///
/// Times are REAL seconds since 2001-01-01 UTC (Foundation's reference date), so a
/// `Date` reads back exactly as written. Enumerations are stored as their interface
/// strings and checked, so a damaged or foreign value is refused at write time.
enum SchemaVersion1 {
    static let sql = """
    CREATE TABLE instances (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        url TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        -- A path or credential name; the secret itself is never stored.
        client_secret_file TEXT NOT NULL,
        token_url TEXT,
        organization_id TEXT,
        language TEXT,
        connected_on REAL NOT NULL,
        is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
        is_enabled INTEGER NOT NULL DEFAULT 1 CHECK (is_enabled IN (0, 1)),
        is_deleted INTEGER NOT NULL DEFAULT 0 CHECK (is_deleted IN (0, 1)),
        verdict TEXT NOT NULL DEFAULT 'unknown' CHECK (\(oneOf("verdict", verdicts))),
        verdict_since REAL,
        last_checked REAL,
        organization_mismatch INTEGER NOT NULL DEFAULT 0 CHECK (organization_mismatch IN (0, 1)),
        -- Flap control: the verdict seen on consecutive polls that has not taken effect yet.
        pending_verdict TEXT CHECK (\(nullOrOneOf("pending_verdict", verdicts))),
        pending_verdict_count INTEGER NOT NULL DEFAULT 0,
        -- A 429's Retry-After deadline, honoured across restarts and separate runs.
        throttled_until REAL,
        deleted_at REAL
    ) STRICT;
    -- R2: at most one default instance, enforced by the database itself.
    CREATE UNIQUE INDEX instances_single_default ON instances (is_default) WHERE is_default = 1;

    CREATE TABLE posts (
        id TEXT PRIMARY KEY NOT NULL,
        url TEXT NOT NULL,
        author TEXT NOT NULL,
        author_url TEXT,
        text TEXT NOT NULL,
        sentiment INTEGER CHECK (sentiment IS NULL OR sentiment BETWEEN -1 AND 1),
        tags TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL,
        published_at REAL NOT NULL
    ) STRICT;

    -- AUTOINCREMENT: link ids only ever grow, which re-association (R30/R31) relies on.
    CREATE TABLE links (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        post_id TEXT NOT NULL REFERENCES posts (id),
        instance_id TEXT NOT NULL REFERENCES instances (id),
        activity_id TEXT NOT NULL,
        record_entity TEXT NOT NULL,
        record_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (\(oneOf("state", states))),
        reason TEXT CHECK (\(nullOrOneOf("reason", reasons))),
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        -- The client-chosen social profile id of a creation (R8), so a retry reuses it;
        -- the activity and record ids chosen with it are activity_id and record_id.
        profile_id TEXT,
        -- A link removed by an instance deletion, waiting for R30 after re-association.
        restore_pending INTEGER NOT NULL DEFAULT 0 CHECK (restore_pending IN (0, 1)),
        -- Flap control: the definitive negative finding seen on consecutive checks.
        suspected TEXT CHECK (\(nullOrOneOf("suspected", reasons))),
        suspected_count INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    -- A post has at most one current link: the database refuses a second one. Queries
    -- repeat this exact condition (`LinkRepository.isCurrent`) so the planner can use the index.
    CREATE UNIQUE INDEX links_single_current ON links (post_id) WHERE \(currentCondition);
    CREATE INDEX links_by_instance_state ON links (instance_id, state);
    CREATE INDEX links_by_state ON links (state);
    CREATE INDEX links_by_post ON links (post_id);
    CREATE INDEX links_by_activity ON links (activity_id);
    CREATE INDEX links_restore_pending ON links (instance_id) WHERE restore_pending = 1;

    -- Every link creation and state change, written in the same transaction as the change.
    CREATE TABLE journal (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        link_id INTEGER NOT NULL REFERENCES links (id),
        from_state TEXT CHECK (\(nullOrOneOf("from_state", states))),
        to_state TEXT NOT NULL CHECK (\(oneOf("to_state", states))),
        reason TEXT CHECK (\(nullOrOneOf("reason", reasons))),
        actor TEXT NOT NULL CHECK (\(oneOf("actor", actors))),
        at REAL NOT NULL
    ) STRICT;
    CREATE INDEX journal_by_link ON journal (link_id, id);

    CREATE TABLE rules (
        id TEXT PRIMARY KEY NOT NULL,
        instance_id TEXT NOT NULL REFERENCES instances (id),
        match TEXT,
        record_entity TEXT NOT NULL,
        is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
    ) STRICT;
    CREATE INDEX rules_by_instance ON rules (instance_id);

    -- Pending creations (R8) waiting for their next attempt.
    CREATE TABLE outbox (
        link_id INTEGER PRIMARY KEY REFERENCES links (id),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL,
        last_error TEXT
    ) STRICT;
    CREATE INDEX outbox_due ON outbox (next_attempt_at);

    CREATE TABLE entity_metadata (
        instance_id TEXT NOT NULL REFERENCES instances (id),
        logical_name TEXT NOT NULL,
        entity_set_name TEXT NOT NULL,
        primary_id_attribute TEXT NOT NULL,
        primary_name_attribute TEXT,
        display_name TEXT,
        change_tracking_enabled INTEGER NOT NULL DEFAULT 0 CHECK (change_tracking_enabled IN (0, 1)),
        refreshed_at REAL NOT NULL,
        PRIMARY KEY (instance_id, logical_name)
    ) STRICT, WITHOUT ROWID;
    """

    // Spelled out rather than derived from the Swift enums: a released migration must not
    // change when a case is added later (that takes a new migration).
    private static let verdicts = ["unknown", "healthy", "down", "expired", "unauthorized", "throttled", "malformed"]
    private static let states = ["pending", "active", "errored", "broken", "unlinked", "removed"]
    private static let reasons = [
        "instance_disabled", "instance_down", "instance_expired", "instance_unauthorized", "record_deleted",
        "record_dissociated", "activity_deleted", "instance_deleted", "unlinked_by_user", "restored", "created",
    ]
    private static let actors = ["admin", "user", "reconciler"]
    static let currentCondition = "(state = 'pending' OR state = 'active' OR state = 'errored')"

    /// A CASE rather than `IN (...)`: SQLite builds a temporary table for an IN list of
    /// three or more values on every execution, which tripled the cost of a transition.
    static func oneOf(_ column: String, _ values: [String]) -> String {
        "CASE \(column) " + values.map { "WHEN '\($0)' THEN 1 " }.joined() + "ELSE 0 END"
    }

    static func nullOrOneOf(_ column: String, _ values: [String]) -> String {
        "\(column) IS NULL OR " + oneOf(column, values)
    }
}
