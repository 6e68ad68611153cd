/// Schema 6: requests the command line leaves for the running daemon (README "Commands against a
/// running service"): work that needs an instance's credentials, which only the service's
/// credentials directory may hold. Frozen once released: later changes are new migrations.
enum SchemaVersion6 {
    static let sql = """
    CREATE TABLE service_requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('instance_refresh', 'creation_metadata')),
        instance_id TEXT NOT NULL REFERENCES instances (id),
        -- What the kind needs besides the instance: the record type of creation_metadata.
        argument TEXT,
        requested_at REAL NOT NULL,
        state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'done', 'failed')),
        -- JSON once done; the message and sysexits code once failed. Never a secret.
        result TEXT,
        error TEXT,
        exit_code INTEGER,
        finished_at REAL
    ) STRICT;
    -- The daemon looks for waiting requests on a short tick: one seek in a tiny index.
    CREATE INDEX service_requests_waiting ON service_requests (id) WHERE state = 'waiting';
    """
}
