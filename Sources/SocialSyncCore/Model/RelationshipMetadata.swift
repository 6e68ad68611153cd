/// One many-to-one relationship of a table (`EntityDefinitions(...)/ManyToOneRelationships`).
/// A lookup is bound on create as `<navigationProperty>@odata.bind`; the name is the
/// relationship's `ReferencingEntityNavigationPropertyName` and is never built from a string
/// rule: socialactivity's regarding case is `regardingobjectid_incident_socialactivity`, not
/// `regardingobjectid_incident` (dataverse.md, "Navigation property names come from metadata").
public struct RelationshipMetadata: Sendable, Equatable, Codable {
    public var schemaName: String
    /// The table the lookup points at, e.g. `incident`.
    public var referencedEntity: String
    /// The lookup column on this table, e.g. `regardingobjectid`.
    public var referencingAttribute: String
    public var navigationProperty: String
    /// `CascadeConfiguration.Delete`: `Cascade`, `RemoveLink`, `Restrict`, `NoCascade`; nil when not reported.
    public var cascadeDelete: String?

    public init(schemaName: String, referencedEntity: String, referencingAttribute: String, navigationProperty: String, cascadeDelete: String? = nil) {
        self.schemaName = schemaName
        self.referencedEntity = referencedEntity
        self.referencingAttribute = referencingAttribute
        self.navigationProperty = navigationProperty
        self.cascadeDelete = cascadeDelete
    }
}
