/// The syntax of a Dataverse table's logical name (`incident`, `lead`, `new_project`), checked
/// wherever a table name comes from the user (imports, `--record-type`) so a value such as
/// `in cident/../x` never reaches the store or a request URL.
///
/// Dataverse logical names are lower-case: ASCII letters, digits and the underscore of a
/// publisher prefix, starting with a letter. The Entity table documents `LogicalName` with
/// `MaxLength` 128 (docs/dataverse.md, "Table metadata").
public enum EntityLogicalName {
    public static let maximumLength = 128

    static let syntax = NameSyntax(
        kind: "a table's logical name", maximumLength: maximumLength,
        rule: "lower-case ASCII letters, digits and '_', starting with a letter, e.g. incident",
        isAllowedFirst: NameSyntax.isLowercaseLetter,
        isAllowed: { NameSyntax.isLowercaseLetter($0) || NameSyntax.isDigit($0) || $0 == UInt8(ascii: "_") }
    )

    /// What is wrong with `text` as a logical name, or nil when it is one.
    public static func problem(_ text: String) -> String? { syntax.problem(text) }
}
