/// What the Refresh action (R4) learns about one table: entity set and key names come
/// from metadata, never from string rules (dataverse.md, "Tables").
public struct EntityMetadata: Sendable, Equatable, Codable {
    public var logicalName: String
    public var entitySetName: String
    public var primaryIdAttribute: String
    public var primaryNameAttribute: String?
    public var displayName: String?
    public var changeTrackingEnabled: Bool
    /// The table's columns; nil when the instance did not report them (creation then refuses the table).
    public var attributes: [AttributeMetadata]?
    /// The table's many-to-one relationships; nil when not reported.
    public var manyToOne: [RelationshipMetadata]?

    public init(
        logicalName: String, entitySetName: String, primaryIdAttribute: String,
        primaryNameAttribute: String? = nil, displayName: String? = nil, changeTrackingEnabled: Bool = false,
        attributes: [AttributeMetadata]? = nil, manyToOne: [RelationshipMetadata]? = nil
    ) {
        self.logicalName = logicalName
        self.entitySetName = entitySetName
        self.primaryIdAttribute = primaryIdAttribute
        self.primaryNameAttribute = primaryNameAttribute
        self.displayName = displayName
        self.changeTrackingEnabled = changeTrackingEnabled
        self.attributes = attributes
        self.manyToOne = manyToOne
    }

    public func attribute(_ logicalName: String) -> AttributeMetadata? {
        attributes?.first { $0.logicalName == logicalName }
    }

    /// The relationship through which `attribute` points at `target`, if the table has one.
    public func relationship(_ attribute: String, to target: String) -> RelationshipMetadata? {
        manyToOne?.first { $0.referencingAttribute == attribute && $0.referencedEntity == target }
    }

    /// Whether a create may set this column: it exists and `IsValidForCreate` is true.
    public func isCreatable(_ column: String) -> Bool {
        attribute(column)?.isValidForCreate == true
    }
}

extension EntityMetadata {
    /// The standard tables' names as Microsoft's table reference documents them (PA
    /// `reference/entities/<table>`), used only when an instance does not answer
    /// `EntityDefinitions`. A wrong guess is safe: a read of an unknown entity set fails,
    /// and a failed read is never a definitive "missing" (N1).
    public static func documented(_ logicalName: String) -> EntityMetadata? {
        let tables: [String: (set: String, id: String, name: String)] = [
            "socialactivity": ("socialactivities", "activityid", "subject"),
            "socialprofile": ("socialprofiles", "socialprofileid", "profilename"),
            "incident": ("incidents", "incidentid", "title"),
            "lead": ("leads", "leadid", "fullname"),
            "contact": ("contacts", "contactid", "fullname"),
            "account": ("accounts", "accountid", "name"),
        ]
        guard let table = tables[logicalName.lowercased()] else { return nil }
        return EntityMetadata(logicalName: logicalName.lowercased(), entitySetName: table.set, primaryIdAttribute: table.id, primaryNameAttribute: table.name)
    }
}
