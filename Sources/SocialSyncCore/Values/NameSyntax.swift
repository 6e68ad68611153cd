/// A syntax for names that come from the user and end up in the store, URLs, logs and
/// labels: a bounded length and a set of ASCII bytes. `InstanceID` and `EntityLogicalName`
/// are the two; one checker keeps their messages alike.
struct NameSyntax: Sendable {
    /// What the name is, for messages ("an instance id").
    let kind: String
    let maximumLength: Int
    /// The rule in words, for the message of a refused name.
    let rule: String
    let isAllowedFirst: @Sendable (UInt8) -> Bool
    let isAllowed: @Sendable (UInt8) -> Bool
    /// A substring that is refused anywhere, if any.
    var forbidden: String?

    /// What is wrong with `text`, or nil when it follows the syntax. A long value is
    /// measured rather than repeated; a quoted one loses its control characters.
    func problem(_ text: String) -> String? {
        guard let first = text.utf8.first else { return "must not be empty" }
        guard text.utf8.count <= maximumLength else {
            return "is \(text.utf8.count) bytes long; \(kind) has at most \(maximumLength) characters"
        }
        guard isAllowedFirst(first), text.utf8.allSatisfy(isAllowed), forbidden.map({ !text.contains($0) }) ?? true else {
            return "'\(PrintableText.shown(text))' is not \(kind) (\(rule))"
        }
        return nil
    }

    static func isLowercaseLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    static func isUppercaseLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
