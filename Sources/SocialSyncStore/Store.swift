import Foundation
import Glibc

/// The crash-safe SQLite store: instances, posts, links with their journal, rules, the
/// outbox of pending creations and cached entity metadata.
///
/// One `Store` is one connection, owned by one thread or actor (it is deliberately not
/// Sendable). The CLI and the daemon each open their own on the same file: WAL lets them
/// overlap and `busy_timeout` makes a writer wait for the other instead of failing.
/// The store never reads the clock: every time is passed in by the caller.
public final class Store {
    /// The newest schema version this build writes (`PRAGMA user_version`).
    public static var schemaVersion: Int { Migration.latestVersion }

    /// How long a writer waits for another connection's lock before failing with SQLITE_BUSY.
    static let busyTimeoutMilliseconds: Int32 = 5000

    public let path: String
    /// The file's permission bits when an existing file is readable or writable by group
    /// or others; nil when private. The store does not change them (the operator may have
    /// reasons); the caller should warn.
    public let exposedPermissions: mode_t?
    let database: Database
    /// How the file was opened; only `.readWrite` may write or checkpoint it.
    let mode: OpenMode
    private var isInTransaction = false

    /// Opens the store at `path`, creating it with mode 0600 and migrating it to the
    /// latest schema. Fails on a file written by a newer socialsync.
    public convenience init(path: String) throws(StoreError) {
        try self.init(path: path, migrations: Migration.all)
    }

    init(path: String, migrations: [Migration]) throws(StoreError) {
        self.path = path
        mode = .readWrite
        exposedPermissions = try Self.createPrivately(path)
        database = try Database(path: path)
        database.setBusyTimeout(milliseconds: Self.busyTimeoutMilliseconds)
        try Self.configure(database, path: path)
        try Migrator(migrations: migrations).migrate(database, path: path)
    }

    /// Opens the store for a command that only reads (`instances list`, `links list`,
    /// `status`, …): an existing, up-to-date file is opened without write access
    /// (`OpenMode`), so reading works on a read-only file system or for a user who may not
    /// write the file. A file that does not exist yet or needs migrating is opened as
    /// `init(path:)` does, since only a writable opening can create or migrate it.
    public static func openForReading(path: String) throws(StoreError) -> Store {
        try openForReading(path: path, migrations: Migration.all)
    }

    static func openForReading(path: String, migrations: [Migration]) throws(StoreError) -> Store {
        guard access(path, F_OK) == 0 else { return try Store(path: path, migrations: migrations) }
        let store = try Store(readingExisting: path, mode: OpenMode.forReading(path: path))
        let version = try Migrator.userVersion(store.database)
        let supported = migrations.last?.version ?? 0
        if version > supported { throw .schemaTooNew(path: path, found: version, supported: supported) }
        guard version < supported else { return store }
        store.close()
        return try Store(path: path, migrations: migrations)
    }

    init(readingExisting path: String, mode: OpenMode) throws(StoreError) {
        self.path = path
        self.mode = mode
        var status = stat()
        exposedPermissions = stat(path, &status) == 0 ? Self.exposedPermissions(of: status) : nil
        database = try Database(path: path, mode: mode)
        database.setBusyTimeout(milliseconds: Self.busyTimeoutMilliseconds)
    }

    deinit { close() }

    /// Runs `body` in a deferred read transaction: one consistent snapshot for all its reads.
    /// Throws a `StoreError`, or whatever `body` throws.
    public func read<Result>(_ body: (ReadTransaction) throws -> Result) throws -> Result {
        try transaction(begin: "BEGIN DEFERRED", body)
    }

    /// Runs `body` in a write transaction, committed when `body` returns and rolled back
    /// when it throws. `BEGIN IMMEDIATE` takes the write lock up front: a deferred
    /// transaction that reads and then writes cannot be rescued by `busy_timeout` when
    /// another connection wrote in between, an immediate one simply waits its turn.
    @discardableResult
    public func write<Result>(_ body: (WriteTransaction) throws -> Result) throws -> Result {
        try transaction(begin: "BEGIN IMMEDIATE", body)
    }

    /// Checks the file and the journal's agreement with the links (see `ConsistencyProblem`).
    public func checkConsistency() throws -> [ConsistencyProblem] {
        try read { transaction in try ConsistencyChecker(database: transaction.database()).problems() }
    }

    /// Checkpoints the write-ahead log into the main file and truncates it, then closes.
    /// Called by `deinit` too; a checkpoint blocked by another connection is skipped, as
    /// SQLite keeps the log consistent either way.
    public func close() {
        if mode == .readWrite { try? database.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
        database.close()
    }

    private func transaction<Access, Result>(begin: String, _ body: (Transaction<Access>) throws -> Result) throws -> Result {
        guard !isInTransaction else { throw StoreError.nestedTransaction }
        isInTransaction = true
        defer { isInTransaction = false }
        try database.execute(begin)
        let transaction = Transaction<Access>(database: database)
        defer { transaction.finish() }
        let result: Result
        do {
            result = try body(transaction)
        } catch {
            if !database.isAutocommit { try? database.execute("ROLLBACK") }
            throw error
        }
        do {
            try database.execute("COMMIT")
        } catch {
            if !database.isAutocommit { try? database.execute("ROLLBACK") }
            throw error
        }
        return result
    }

    /// The pragmas every connection needs, each with why.
    private static func configure(_ database: Database, path: String) throws(StoreError) {
        // WAL: the CLI can read while the daemon writes, and a crash never leaves a
        // half-applied transaction.
        let mode = try database.queryFirst("PRAGMA journal_mode = WAL") { $0.text(0) } ?? ""
        guard mode.lowercased() == "wal" else { throw .walUnavailable(path: path, journalMode: mode) }
        // FULL: a committed link change must survive a power loss (N3). With NORMAL, WAL
        // mode skips the sync at commit and the last transactions can vanish, which would
        // e.g. resurrect a link the operator saw removed.
        try database.execute("PRAGMA synchronous = FULL")
        try database.execute("PRAGMA foreign_keys = ON")
        // Up to 64 MiB of page cache (allocated only as used): a bulk write transaction
        // whose pages do not fit spills them to the log mid-transaction, which made
        // 100k transitions an order of magnitude slower.
        try database.execute("PRAGMA cache_size = -65536")
    }

    /// Creates the file with mode 0600 before SQLite opens it (SQLite would use 0644 less
    /// the umask); an existing file must be writable. The -wal and -shm files SQLite creates later copy the main file's mode.
    /// Returns the mode of an existing file that is not private.
    private static func createPrivately(_ path: String) throws(StoreError) -> mode_t? {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            throw access(path, F_OK) == 0 ? .cannotWriteFile(path: path, errno: code) : .cannotCreateFile(path: path, errno: code)
        }
        defer { Glibc.close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        return exposedPermissions(of: status)
    }

    /// The permission bits of a file readable or writable by group or others, else nil.
    private static func exposedPermissions(of status: stat) -> mode_t? {
        let permissions = status.st_mode & 0o777
        return permissions & 0o077 == 0 ? nil : permissions
    }
}

@available(*, unavailable, message: "a Store is one SQLite connection: keep it in one thread or actor")
extension Store: Sendable {}
