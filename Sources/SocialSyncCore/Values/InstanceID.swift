/// The syntax of an instance id (ours, docs/interface.md "Inputs"): it names the instance in
/// commands, links, logs and metrics labels, so it is kept to what every one of them carries
/// without quoting: 1-64 ASCII letters, digits, `.`, `_` and `-`, starting with a letter or
/// a digit, and no `..` (it must never read as a path).
public enum InstanceID {
    public static let maximumLength = 64

    /// What is wrong with `text` as an instance id, or nil when it is one.
    public static func problem(_ text: String) -> String? {
        guard let first = text.utf8.first else { return "must not be empty" }
        guard text.utf8.count <= maximumLength else {
            return "is \(text.utf8.count) bytes long; an instance id has at most \(maximumLength) characters"
        }
        guard isAlphanumeric(first), text.utf8.allSatisfy({ isAlphanumeric($0) || Self.punctuation.contains($0) }), !text.contains("..") else {
            return "'\(PrintableText.shown(text))' is not an instance id (ASCII letters, digits, '.', '_' and '-', starting with a letter or digit, no '..')"
        }
        return nil
    }

    static let punctuation: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-")]

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || EntityLogicalName.isLowercaseLetter(byte) || EntityLogicalName.isDigit(byte)
    }
}
