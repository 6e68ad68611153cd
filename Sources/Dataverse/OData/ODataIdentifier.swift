/// Names that go into request URLs as they are: a table's logical name, entity set name and
/// key column. An instance's metadata answer supplies the last two, so they are checked
/// before they can reach a URL: an OData simple identifier (a letter or underscore, then
/// letters, digits or underscores; OData CSDL "SimpleIdentifier", at most 128 characters)
/// cannot change a URL's path or query.
enum ODataIdentifier {
    static let maximumLength = 128

    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= maximumLength, isLetterOrUnderscore(first) else { return false }
        return bytes.allSatisfy { isLetterOrUnderscore($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// A table's logical name: an identifier in lower case (Dataverse logical names are).
    static func isLogicalName(_ name: String) -> Bool {
        isValid(name) && !name.utf8.contains { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    private static func isLetterOrUnderscore(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "_")
    }
}
