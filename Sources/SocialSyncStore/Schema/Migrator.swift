/// Brings a database file to the latest schema through `PRAGMA user_version`.
struct Migrator {
    let migrations: [Migration]

    private var supported: Int { migrations.last?.version ?? 0 }

    /// Applies each missing step in its own IMMEDIATE transaction, re-reading the version
    /// inside it, so two processes opening a fresh file at once cannot both migrate. A file
    /// newer than every known step is refused untouched; an up-to-date one takes no lock.
    func migrate(_ database: Database, path: String) throws(StoreError) {
        guard try checkedVersion(database, path: path) < supported else { return }
        for migration in migrations {
            if migration.rebuildsTables { try database.execute("PRAGMA foreign_keys = OFF") }
            defer { if migration.rebuildsTables { try? database.execute("PRAGMA foreign_keys = ON") } }
            var applied = false
            try database.execute("BEGIN IMMEDIATE")
            do throws(StoreError) {
                if try checkedVersion(database, path: path) < migration.version {
                    applied = true
                    try migration.before?(database)
                    try database.execute(migration.sql)
                    try migration.then?(database)
                    if migration.rebuildsTables { try Self.checkReferences(database, path: path, version: migration.version) }
                    try database.execute("PRAGMA user_version = \(migration.version)")
                }
                try database.execute("COMMIT")
            } catch {
                if !database.isAutocommit { try? database.execute("ROLLBACK") }
                throw error
            }
            // Best effort: the step is committed, and a reader holding the file (VACUUM then
            // fails busy) must not make this opening fail; SQLite reuses the free pages anyway.
            if applied && migration.rebuildsTables { try? database.execute("VACUUM") }
        }
    }

    /// With foreign keys off nothing stopped the step from orphaning a row: refuse to commit one.
    private static func checkReferences(_ database: Database, path: String, version: Int) throws(StoreError) {
        if let table = try database.queryFirst("PRAGMA foreign_key_check", row: { $0.text(0) }) {
            throw .migrationBrokeReferences(path: path, version: version, table: table)
        }
    }

    private func checkedVersion(_ database: Database, path: String) throws(StoreError) -> Int {
        let version = try Self.userVersion(database)
        if version > supported { throw .schemaTooNew(path: path, found: version, supported: supported) }
        return version
    }

    static func userVersion(_ database: Database) throws(StoreError) -> Int {
        try database.queryFirst("PRAGMA user_version") { $0.int(0) } ?? 0
    }
}
