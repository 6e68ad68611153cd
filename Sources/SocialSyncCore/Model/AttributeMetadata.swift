/// One column of a table as `EntityDefinitions(...)/Attributes` reports it (PA
/// `webapi/query-metadata-web-api`). Creation writes only what this says a create may set,
/// cut to its length, and refuses a table whose server-enforced columns it cannot fill.
public struct AttributeMetadata: Sendable, Equatable, Codable {
    public var logicalName: String
    /// `AttributeType` as Dataverse spells it: `String`, `Memo`, `Lookup`, `Customer`, `Owner`, …
    public var attributeType: String
    public var requiredLevel: RequiredLevel
    public var isValidForCreate: Bool
    /// Longest value in UTF-16 code units; only String and Memo columns have one.
    public var maxLength: Int?

    public init(logicalName: String, attributeType: String, requiredLevel: RequiredLevel, isValidForCreate: Bool, maxLength: Int? = nil) {
        self.logicalName = logicalName
        self.attributeType = attributeType
        self.requiredLevel = requiredLevel
        self.isValidForCreate = isValidForCreate
        self.maxLength = maxLength
    }
}

/// `AttributeMetadata.RequiredLevel.Value`. Only `systemRequired` is enforced by the server;
/// `applicationRequired` is enforced by forms (dataverse.md, "Required and writable columns").
public enum RequiredLevel: String, Sendable, Equatable, Codable {
    case none = "None"
    case systemRequired = "SystemRequired"
    case applicationRequired = "ApplicationRequired"
    case recommended = "Recommended"
}
