import CSQLite
import Foundation

/// One prepared statement. Owned by its `Database`, which caches it by SQL text and
/// resets it before every reuse; never shared across threads.
final class Statement {
    let sql: String
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    /// Set while a caller steps through rows, so a nested use of the same SQL gets a
    /// fresh statement instead of resetting the one being read.
    var isBusy = false

    init(sql: String, connection: OpaquePointer, persistent: Bool) throws(StoreError) {
        var prepared: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite3_prepare_v3(connection, sql, -1, flags, &prepared, nil)
        guard code == SQLITE_OK, let prepared else {
            throw Database.error(connection, code: code, sql: sql)
        }
        self.sql = sql
        self.handle = prepared
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Clears the previous run and binds `values` to parameters 1...n.
    func prepareRun(_ values: [SQLValue]) throws(StoreError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .text(let text): code = sqlite3_bind_text(handle, index, text, Int32(text.utf8.count), csqlite_transient())
            case .blob(let data):
                code = data.withUnsafeBytes { bytes in
                    sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), csqlite_transient())
                }
            case .null: code = sqlite3_bind_null(handle, index)
            }
            guard code == SQLITE_OK else { throw Database.error(connection, code: code, sql: sql) }
        }
    }

    /// Advances to the next row; false once the statement is done.
    func step() throws(StoreError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = Database.error(connection, code: code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Releases the read lock a half-read statement holds.
    func finishRun() { sqlite3_reset(handle) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(handle, column) != 0 }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }

    func date(_ column: Int32) -> Date { Date(timeIntervalSinceReferenceDate: double(column)) }

    func optionalDate(_ column: Int32) -> Date? { isNull(column) ? nil : date(column) }

    /// The bytes of a BLOB value, valid until the next step or reset; nil for any other type.
    func blobBytes(_ column: Int32) -> UnsafeRawBufferPointer? {
        guard sqlite3_column_type(handle, column) == SQLITE_BLOB else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, column), count: count)
    }

    func data(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let bytes = sqlite3_column_blob(handle, column), count > 0 else { return Data() }
        return Data(bytes: bytes, count: count)
    }

    /// Reads a string-backed enum; a value this version does not know is reported with
    /// its place, never guessed.
    func value<Value: RawRepresentable<String>>(_ column: Int32, _ type: Value.Type = Value.self) throws(StoreError) -> Value {
        let raw = text(column)
        guard let value = Value(rawValue: raw) else { throw unreadable(column, raw) }
        return value
    }

    func optionalValue<Value: RawRepresentable<String>>(_ column: Int32, _ type: Value.Type = Value.self) throws(StoreError) -> Value? {
        isNull(column) ? nil : try value(column, type)
    }

    func url(_ column: Int32) throws(StoreError) -> URL {
        let raw = text(column)
        guard let url = URL(string: raw) else { throw unreadable(column, raw) }
        return url
    }

    func optionalURL(_ column: Int32) throws(StoreError) -> URL? { isNull(column) ? nil : try url(column) }

    private func unreadable(_ column: Int32, _ raw: String) -> StoreError {
        let name = sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "column \(column)"
        return .unreadableValue(column: name, value: raw)
    }
}
