/// What the simulator knows about one table: the names metadata reports, its columns and its
/// many-to-one relationships, all from `MicrosoftTables`.
public struct EntityDefinition: Sendable {
    public let logicalName: String
    public let entitySetName: String
    public let primaryIdAttribute: String
    public let primaryNameAttribute: String
    public let displayName: String
    public let metadataId: GUID
    let objectTypeCode: Int
    /// Not documented per table (see MicrosoftTables); the organization may switch it off too.
    let changeTrackingEnabled: Bool
    /// Columns in the order of the data, and by logical name.
    let attributes: [AttributeDefinition]
    let attributesByName: [String: AttributeDefinition]
    let manyToOne: [RelationshipDefinition]

    func attribute(_ name: String) -> AttributeDefinition? { attributesByName[name] }

    /// A plain (non-lookup) column a read may select or filter on.
    func allowsColumn(_ name: String) -> Bool {
        attributesByName[name].map { !$0.isLookup } ?? false
    }

    /// A lookup column, read as `_<name>_value`.
    func allowsLookup(_ name: String) -> Bool {
        attributesByName[name]?.isLookup ?? false
    }

    /// The relationship a `<navigation>@odata.bind` names.
    func relationship(navigation: String) -> RelationshipDefinition? {
        manyToOne.first { $0.referencingNavigation == navigation }
    }

    /// The relationship a stored lookup value travels: its column and its target table.
    /// Owner lookups point at `owner` in metadata and at a user or team in rows.
    func relationship(attribute: String, target: String) -> RelationshipDefinition? {
        manyToOne.first { $0.referencingAttribute == attribute && $0.referencedEntity == target }
            ?? manyToOne.first { $0.referencingAttribute == attribute && $0.referencedEntity == "owner" }
    }

    /// Lower-case letters, digits and underscores: Dataverse logical names.
    static func isWellFormedName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }
}

/// The tables the simulator serves, loaded once from `MicrosoftTables`.
public enum EntityCatalog {
    public static let all: [EntityDefinition] = load()

    private static let bySet = Dictionary(uniqueKeysWithValues: all.map { ($0.entitySetName, $0) })
    private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.logicalName, $0) })

    public static func byLogicalName(_ name: String) -> EntityDefinition? { byName[name] }

    public static func bySetName(_ name: String) -> EntityDefinition? { bySet[name] }

    /// The data is part of the program, so a malformed entry is a programming error: stop
    /// at the first read rather than serve a half-known table.
    private static func load() -> [EntityDefinition] {
        let document: JSONValue
        do {
            document = try JSONValue.parse(Array(MicrosoftTables.json.utf8))
        } catch {
            fatalError("MicrosoftTables.json is not JSON: \(error)")
        }
        guard let tables = document["tables"]?.arrayValue else { fatalError("MicrosoftTables.json has no tables") }
        return tables.enumerated().map { index, table in
            guard let definition = table.entityDefinition(metadataId: GUID(kind: 0x3e7a_0000, index: UInt64(index + 1))) else {
                fatalError("MicrosoftTables.json: table \(index) is malformed")
            }
            return definition
        }
    }
}

extension JSONValue {
    fileprivate func entityDefinition(metadataId: GUID) -> EntityDefinition? {
        guard let logicalName = self["LogicalName"]?.stringValue, let setName = self["EntitySetName"]?.stringValue,
            let primaryId = self["PrimaryIdAttribute"]?.stringValue, let primaryName = self["PrimaryNameAttribute"]?.stringValue,
            let displayName = self["DisplayName"]?.stringValue, let typeCode = self["ObjectTypeCode"]?.intValue,
            let tracked = self["ChangeTrackingEnabled"]?.boolValue, let rows = self["Attributes"]?.arrayValue,
            let relationships = self["ManyToOne"]?.arrayValue, let options = self["Options"]?.objectValue
        else { return nil }
        let choices = Dictionary(options.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let attributes = rows.compactMap { $0.attributeDefinition(options: choices) }
        let manyToOne = relationships.compactMap { $0.relationshipDefinition(referencingEntity: logicalName) }
        guard attributes.count == rows.count, manyToOne.count == relationships.count else { return nil }
        return EntityDefinition(
            logicalName: logicalName, entitySetName: setName, primaryIdAttribute: primaryId, primaryNameAttribute: primaryName,
            displayName: displayName, metadataId: metadataId, objectTypeCode: typeCode, changeTrackingEnabled: tracked,
            attributes: attributes, attributesByName: Dictionary(attributes.map { ($0.logicalName, $0) }, uniquingKeysWith: { first, _ in first }),
            manyToOne: manyToOne)
    }

    private static let requiredLevels = ["N": "None", "S": "SystemRequired", "A": "ApplicationRequired", "R": "Recommended"]

    /// `[LogicalName, AttributeType, MaxLength, RequiredLevel, validity, Targets?]`.
    private func attributeDefinition(options: [String: JSONValue]) -> AttributeDefinition? {
        guard let fields = arrayValue, fields.count >= 5, let name = fields[0].stringValue, let type = fields[1].stringValue,
            let level = fields[3].stringValue.flatMap({ Self.requiredLevels[$0] }), let validity = fields[4].stringValue
        else { return nil }
        let choices = (options[name]?.arrayValue ?? []).compactMap { choice -> AttributeDefinition.Option? in
            guard let parts = choice.arrayValue, parts.count >= 2, let value = parts[0].intValue, let label = parts[1].stringValue
            else { return nil }
            return AttributeDefinition.Option(value: value, label: label, related: parts.count > 2 ? parts[2].intValue : nil)
        }
        return AttributeDefinition(
            logicalName: name, type: type, maxLength: fields[2].intValue, requiredLevel: level,
            isValidForCreate: validity.contains("c"), isValidForUpdate: validity.contains("u"),
            targets: fields.count > 5 ? (fields[5].arrayValue ?? []).compactMap(\.stringValue) : [], options: choices)
    }

    /// `[SchemaName, ReferencedEntity, ReferencedAttribute, ReferencingAttribute, navigation, cascade]`.
    private func relationshipDefinition(referencingEntity: String) -> RelationshipDefinition? {
        guard let fields = arrayValue?.compactMap(\.stringValue), fields.count == 6, let cascade = CascadeConfiguration(code: fields[5])
        else { return nil }
        return RelationshipDefinition(
            schemaName: fields[0], referencedEntity: fields[1], referencedAttribute: fields[2], referencingEntity: referencingEntity,
            referencingAttribute: fields[3], referencingNavigation: fields[4], cascade: cascade)
    }
}
