/// One step of the schema's history. Applied steps are never edited: a change to the
/// schema is a new step appended to `Migration.all`, so every existing file can follow.
struct Migration: Sendable {
    /// The `PRAGMA user_version` the file has once this step is applied.
    let version: Int
    let sql: String
    /// Work SQL alone cannot express, run after `sql` in the same transaction.
    let then: (@Sendable (Database) throws(StoreError) -> Void)?
    /// Work before `sql` in the same transaction, e.g. defining the SQL functions it calls.
    let before: (@Sendable (Database) throws(StoreError) -> Void)?
    /// The step drops and recreates a table others refer to, which SQLite's ALTER TABLE page
    /// says to do with foreign keys off (a pragma that cannot change inside a transaction);
    /// the references are checked before the step commits. A VACUUM after it gives the old
    /// table's pages back to the file system: without it the file keeps both tables' size.
    let rebuildsTables: Bool

    init(
        version: Int, sql: String, before: (@Sendable (Database) throws(StoreError) -> Void)? = nil,
        then: (@Sendable (Database) throws(StoreError) -> Void)? = nil, rebuildsTables: Bool = false
    ) {
        self.version = version
        self.sql = sql
        self.before = before
        self.then = then
        self.rebuildsTables = rebuildsTables
    }

    /// Every step, oldest first; versions are 1, 2, 3… without gaps.
    static let all: [Migration] = [
        Migration(version: 1, sql: SchemaVersion1.sql),
        Migration(version: 2, sql: SchemaVersion2.sql),
        Migration(version: 3, sql: SchemaVersion3.sql, then: SchemaVersion3.widenChecks),
        Migration(version: 4, sql: SchemaVersion4.sql),
        Migration(version: 5, sql: SchemaVersion5.sql, then: SchemaVersion5.widenActors),
        Migration(version: 6, sql: SchemaVersion6.sql),
        Migration(version: 7, sql: SchemaVersion7.sql, before: SchemaVersion7.defineFunctions, rebuildsTables: true),
        Migration(version: 8, sql: SchemaVersion8.sql),
    ]

    /// The newest schema version this build knows.
    static var latestVersion: Int { all.last?.version ?? 0 }
}
