import Glibc
import SocialSyncCore

/// Everything the store can refuse or fail at. Each case names what it is about so the
/// message alone tells an operator what happened: a failure of the file names the store
/// file, a refused change names the row. SQL text is included, bound values never are
/// (they may hold post text or author names).
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// SQLite failed on the store file at `path`. `code` is the extended result code,
    /// `message` SQLite's own text.
    case sqlite(path: String, code: Int32, message: String, sql: String?)
    /// The database file could not be created with private permissions.
    case cannotCreateFile(path: String, errno: Int32)
    /// The database file exists but cannot be opened for writing (a read-only file system,
    /// no write permission); commands that only read open it read-only and still work.
    case cannotWriteFile(path: String, errno: Int32)
    /// The file was written by a newer socialsync: refusing it protects its data.
    case schemaTooNew(path: String, found: Int, supported: Int)
    /// Migrating to `version` would have left rows of `table` referring to rows that do not
    /// exist; the step was rolled back and the file is as it was.
    case migrationBrokeReferences(path: String, version: Int, table: String)
    /// WAL could not be enabled (e.g. a file system without shared memory support).
    case walUnavailable(path: String, journalMode: String)
    /// `read` or `write` was called inside another transaction on the same store.
    case nestedTransaction
    /// The store was used after `close()`.
    case storeClosed
    /// A transaction object was used after its `read` or `write` block returned.
    case transactionFinished
    case duplicatePost(id: String)
    case duplicateInstance(id: String)
    case duplicateRule(id: String)
    /// The database refused a second current (pending, active, errored) link for a post.
    case postAlreadyLinked(postID: String)
    /// A link names a post or an instance that does not exist.
    case unknownPostOrInstance(postID: String, instanceID: String)
    case unknownInstance(id: String)
    case unknownRule(id: String)
    case unknownLink(id: Int64)
    /// Optimistic guard: another writer changed the link since the caller read it.
    case unexpectedLinkState(linkID: Int64, expected: LinkState, actual: LinkState)
    /// A column holds a value this version does not know (a damaged or foreign file).
    case unreadableValue(column: String, value: String)

    public var description: String {
        switch self {
        case .sqlite(let path, let code, let message, let sql):
            "store \(path): SQLite error \(code) (\(message))" + (sql.map { " in: \($0)" } ?? "")
        case .cannotCreateFile(let path, let errno):
            "cannot create store file \(path): \(String(cString: strerror(errno)))"
        case .cannotWriteFile(let path, let errno):
            "cannot write store file \(path): \(String(cString: strerror(errno))) (commands that only read still work)"
        case .schemaTooNew(let path, let found, let supported):
            "store \(path) has schema version \(found), newer than the \(supported) this socialsync knows: use a newer socialsync"
        case .migrationBrokeReferences(let path, let version, let table):
            "store \(path): the migration to schema version \(version) would leave rows of \(table) referring to missing rows; the store was left unchanged"
        case .walUnavailable(let path, let journalMode):
            "store \(path) cannot use write-ahead logging (journal mode stays '\(journalMode)')"
        case .nestedTransaction: "a store transaction was started inside another one"
        case .storeClosed: "the store was used after it was closed"
        case .transactionFinished: "a store transaction was used after it ended"
        case .duplicatePost(let id): "post '\(id)' already exists"
        case .duplicateInstance(let id): "instance '\(id)' already exists"
        case .duplicateRule(let id): "rule '\(id)' already exists"
        case .postAlreadyLinked(let id): "post '\(id)' already has a pending, active or errored link"
        case .unknownPostOrInstance(let post, let instance): "link refers to an unknown post '\(post)' or instance '\(instance)'"
        case .unknownInstance(let id): "unknown instance '\(id)'"
        case .unknownRule(let id): "unknown rule '\(id)'"
        case .unknownLink(let id): "unknown link \(id)"
        case .unexpectedLinkState(let id, let expected, let actual):
            "link \(id) is \(actual.rawValue) where \(expected.rawValue) was expected: it was changed concurrently"
        case .unreadableValue(let column, let value):
            "unreadable value '\(value)' in store column \(column)"
        }
    }

    /// The extended SQLite result code, when SQLite produced the error.
    var sqliteCode: Int32? {
        if case .sqlite(_, let code, _, _) = self { return code }
        return nil
    }
}

