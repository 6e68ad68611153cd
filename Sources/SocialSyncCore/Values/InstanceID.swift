/// The syntax of an instance id (ours, docs/interface.md "Inputs"): it names the instance in
/// commands, links, logs and metrics labels, so it is kept to what every one of them carries
/// without quoting: 1-64 ASCII letters, digits, `.`, `_` and `-`, starting with a letter or
/// a digit, and no `..` (it must never read as a path).
public enum InstanceID {
    public static let maximumLength = 64

    static let syntax = NameSyntax(
        kind: "an instance id", maximumLength: maximumLength,
        rule: "ASCII letters, digits, '.', '_' and '-', starting with a letter or digit, no '..'",
        isAllowedFirst: isAlphanumeric,
        isAllowed: { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") },
        forbidden: ".."
    )

    /// What is wrong with `text` as an instance id, or nil when it is one.
    public static func problem(_ text: String) -> String? { syntax.problem(text) }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        NameSyntax.isUppercaseLetter(byte) || NameSyntax.isLowercaseLetter(byte) || NameSyntax.isDigit(byte)
    }
}
