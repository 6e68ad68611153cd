import CSQLite
import Foundation

/// How the links' Dataverse ids are stored (schema 7): a GUID in its canonical form, 36
/// lower-case characters, as its 16 bytes, which more than halves the id columns and their
/// indexes; any other text as itself. The mapping is total and reversible and both sides of
/// every comparison go through it, so the repositories keep taking and returning strings and
/// an id that is not canonical (upper case, or no GUID at all) still reads back exactly.
enum StoredGUID {
    static let byteCount = 16

    static func value(_ id: String) -> SQLValue {
        guard let bytes = bytes(canonical: id) else { return .text(id) }
        return .blob(Data(bytes))
    }

    static func value(_ id: String?) -> SQLValue { id.map { value($0) } ?? .null }

    /// The 16 bytes of a canonical GUID, or nil for any other text.
    static func bytes(canonical id: String) -> [UInt8]? {
        var bytes = [UInt8]()
        bytes.reserveCapacity(byteCount)
        var high: UInt8?
        var position = 0
        for character in id.utf8 {
            defer { position += 1 }
            if position == 8 || position == 13 || position == 18 || position == 23 {
                guard character == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard position < 36, let nibble = lowerHexValue(character) else { return nil }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return position == 36 ? bytes : nil
    }

    /// The canonical text of 16 stored bytes.
    static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                buffer[position] = hexDigits[Int(byte >> 4)]
                buffer[position + 1] = hexDigits[Int(byte & 0x0f)]
                position += 2
            }
            return position
        }
    }

    /// `value` as an SQL function of one argument, for converting stored rows in SQL: a
    /// canonical GUID becomes its BLOB, anything else (NULL, other text) is returned as is.
    static let sqlFunction: SQLFunction = { context, _, arguments in
        guard let argument = arguments?[0] else { return sqlite3_result_null(context) }
        if sqlite3_value_type(argument) == SQLITE_TEXT, let characters = sqlite3_value_text(argument) {
            let text = String(decoding: UnsafeBufferPointer(start: characters, count: Int(sqlite3_value_bytes(argument))), as: UTF8.self)
            if let bytes = bytes(canonical: text) {
                return bytes.withUnsafeBytes { sqlite3_result_blob(context, $0.baseAddress, Int32(byteCount), csqlite_transient()) }
            }
        }
        sqlite3_result_value(context, argument)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Only lower-case digits: an upper-case GUID stays text, so it reads back as written.
    private static func lowerHexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

extension Statement {
    /// A column written with `StoredGUID.value`.
    func guid(_ column: Int32) -> String {
        guard let bytes = blobBytes(column), bytes.count == StoredGUID.byteCount else { return text(column) }
        return StoredGUID.text(bytes)
    }

    func optionalGUID(_ column: Int32) -> String? { isNull(column) ? nil : guid(column) }
}
