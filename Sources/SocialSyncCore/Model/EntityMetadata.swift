/// What the Refresh action (R4) learns about one table: entity set and key names come
/// from metadata, never from string rules (dataverse.md, "Tables").
public struct EntityMetadata: Sendable, Equatable, Codable {
    public var logicalName: String
    public var entitySetName: String
    public var primaryIdAttribute: String
    public var primaryNameAttribute: String?
    public var displayName: String?
    public var changeTrackingEnabled: Bool

    public init(
        logicalName: String, entitySetName: String, primaryIdAttribute: String,
        primaryNameAttribute: String? = nil, displayName: String? = nil, changeTrackingEnabled: Bool = false
    ) {
        self.logicalName = logicalName
        self.entitySetName = entitySetName
        self.primaryIdAttribute = primaryIdAttribute
        self.primaryNameAttribute = primaryNameAttribute
        self.displayName = displayName
        self.changeTrackingEnabled = changeTrackingEnabled
    }
}
