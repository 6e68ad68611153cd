import Foundation

/// A value bound to a statement parameter. Dates are stored as REAL seconds since
/// Foundation's reference date (2001-01-01 UTC) so that what is written reads back
/// exactly equal; `datetime(at + 978307200, 'unixepoch')` shows one in the sqlite3 shell.
enum SQLValue {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
    case null

    static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    static func integer(_ value: Int) -> SQLValue { .integer(Int64(value)) }
    static func bool(_ value: Bool) -> SQLValue { .integer(value ? 1 : 0) }
    static func date(_ value: Date) -> SQLValue { .real(value.timeIntervalSinceReferenceDate) }
    static func date(_ value: Date?) -> SQLValue { value.map { .date($0) } ?? .null }
    static func raw<Value: RawRepresentable<String>>(_ value: Value) -> SQLValue { .text(value.rawValue) }
    static func raw<Value: RawRepresentable<String>>(_ value: Value?) -> SQLValue { value.map { .text($0.rawValue) } ?? .null }

    /// Values as one JSON array for `json_each(?)`: one statement for thousands of values,
    /// through the column's index, without a parameter each.
    static func jsonArray(_ values: [some Encodable]) -> SQLValue {
        .text((try? JSONEncoder().encode(values)).map { String(decoding: $0, as: UTF8.self) } ?? "[]")
    }
}
