/// The syntax of a Dataverse table's logical name (`incident`, `lead`, `new_project`), checked
/// wherever a table name comes from the user (imports, `--record-type`) so a value such as
/// `in cident/../x` never reaches the store or a request URL.
///
/// Dataverse logical names are lower-case: ASCII letters, digits and the underscore of a
/// publisher prefix, starting with a letter. The Entity table documents `LogicalName` with
/// `MaxLength` 128 (docs/dataverse.md, "Table metadata").
public enum EntityLogicalName {
    public static let maximumLength = 128

    /// What is wrong with `text` as a logical name, or nil when it is one.
    public static func problem(_ text: String) -> String? {
        guard let first = text.utf8.first else { return "must not be empty" }
        guard text.utf8.count <= maximumLength else {
            return "is \(text.utf8.count) bytes long; a table's logical name has at most \(maximumLength) characters"
        }
        guard isLowercaseLetter(first), text.utf8.allSatisfy({ isLowercaseLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }) else {
            return "'\(PrintableText.shown(text))' is not a table's logical name (lower-case ASCII letters, digits and '_', starting with a letter, e.g. incident)"
        }
        return nil
    }

    static func isLowercaseLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
