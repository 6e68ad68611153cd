import CSQLite
import Foundation

/// A scalar SQL function's body, as SQLite calls it: context, argument count, arguments.
typealias SQLFunction = @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void

/// One SQLite connection with a cache of prepared statements by SQL text.
///
/// Not Sendable: SQLite is opened without its own mutex, so the connection belongs to one
/// thread or actor at a time, like the `Store` that owns it.
final class Database {
    private let connection: OpaquePointer
    private var cache: [String: Statement] = [:]
    private var isClosed = false

    init(path: String, mode: OpenMode = .readWrite) throws(StoreError) {
        var opened: OpaquePointer?
        let (filename, flags) = mode.openArguments(path: path)
        let code = sqlite3_open_v2(filename, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(opened)
            throw .sqlite(path: path, code: code, message: message, sql: nil)
        }
        connection = opened
        sqlite3_extended_result_codes(connection, 1)
    }

    deinit { close() }

    /// Finalizes every cached statement, then closes. Safe to call twice.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        cache.removeAll()
        sqlite3_close_v2(connection)
    }

    /// Waits up to `milliseconds` for another connection's lock instead of failing at once.
    func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(connection, milliseconds)
    }

    /// Defines a deterministic SQL function on this connection only (a migration's
    /// conversion that SQL alone cannot express, e.g. `unhex`, which SQLite 3.40 lacks).
    func defineFunction(_ name: String, argumentCount: Int32, _ function: SQLFunction) throws(StoreError) {
        let code = sqlite3_create_function_v2(
            connection, name, argumentCount, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil, function, nil, nil, nil)
        guard code == SQLITE_OK else { throw Self.error(connection, code: code, sql: nil) }
    }

    /// Runs SQL without parameters, possibly several statements (pragmas, migrations).
    func execute(_ sql: String) throws(StoreError) {
        guard !isClosed else { throw .storeClosed }
        let code = sqlite3_exec(connection, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw Self.error(connection, code: code, sql: sql) }
    }

    /// Runs one statement and returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: SQLValue...) throws(StoreError) -> Int {
        try run(sql, values)
    }

    @discardableResult
    func run(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> Int {
        try withRows(sql, values) { statement throws(StoreError) in
            while try statement.step() {}
            return Int(sqlite3_changes64(connection))
        }
    }

    /// Runs one query and decodes every row.
    func query<Row>(_ sql: String, _ values: SQLValue..., row decode: (Statement) throws(StoreError) -> Row) throws(StoreError) -> [Row] {
        try query(sql, values, row: decode)
    }

    func query<Row>(_ sql: String, _ values: [SQLValue], row decode: (Statement) throws(StoreError) -> Row) throws(StoreError) -> [Row] {
        try withRows(sql, values) { statement throws(StoreError) in
            var rows: [Row] = []
            while try statement.step() { rows.append(try decode(statement)) }
            return rows
        }
    }

    /// Runs one query and decodes its first row, if any.
    func queryFirst<Row>(_ sql: String, _ values: SQLValue..., row decode: (Statement) throws(StoreError) -> Row) throws(StoreError) -> Row? {
        try queryFirst(sql, values, row: decode)
    }

    func queryFirst<Row>(_ sql: String, _ values: [SQLValue], row decode: (Statement) throws(StoreError) -> Row) throws(StoreError) -> Row? {
        try withRows(sql, values) { statement throws(StoreError) in
            try statement.step() ? try decode(statement) : nil
        }
    }

    /// Row id SQLite gave the last row inserted on this connection.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    /// True outside any explicit transaction (SQLite may also end one by itself after
    /// some errors, which makes a ROLLBACK unnecessary).
    var isAutocommit: Bool { sqlite3_get_autocommit(connection) != 0 }

    /// Every statement this connection has prepared for reuse: what the query-plan tests
    /// ask SQLite about, so no query the repositories run escapes them.
    var preparedSQL: [String] { Array(cache.keys) }

    /// Lends a cached statement, bound to `values`, for the duration of `body`. A
    /// statement already lent (the same SQL used while its rows are being read) is not
    /// disturbed: a fresh one is prepared for the nested use.
    private func withRows<Result>(_ sql: String, _ values: [SQLValue], _ body: (Statement) throws(StoreError) -> Result) throws(StoreError) -> Result {
        guard !isClosed else { throw .storeClosed }
        let cached = try cachedStatement(sql)
        let statement = cached.isBusy ? try Statement(sql: sql, connection: connection, persistent: false) : cached
        statement.isBusy = true
        defer {
            statement.finishRun()
            statement.isBusy = false
        }
        try statement.prepareRun(values)
        return try body(statement)
    }

    private func cachedStatement(_ sql: String) throws(StoreError) -> Statement {
        if let statement = cache[sql] { return statement }
        let statement = try Statement(sql: sql, connection: connection, persistent: true)
        cache[sql] = statement
        return statement
    }

    /// The typed error for a failed call: the store file (as the connection names it, so
    /// every caller's error says which store), extended code, SQLite's message, and the SQL
    /// (never the bound values).
    static func error(_ connection: OpaquePointer?, code: Int32, sql: String?) -> StoreError {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        let path = connection.flatMap { sqlite3_db_filename($0, "main") }.map { String(cString: $0) } ?? ""
        // The connection's code can be stale when the failing call did not set it.
        let reported = (extended & 0xff) == (code & 0xff) ? extended : code
        return .sqlite(path: path, code: reported, message: message, sql: sql)
    }
}
