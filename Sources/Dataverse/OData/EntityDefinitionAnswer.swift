import Foundation
import SocialSyncCore

/// Reads an `EntityDefinitions(LogicalName='…')` answer (dataverse.md, "Metadata").
enum EntityDefinitionAnswer {
    /// The table's metadata, or nil when a required name is missing or is not an OData
    /// identifier: the entity set name and key column go into later request URLs as they are.
    static func metadata(_ root: [String: Any]) -> EntityMetadata? {
        guard let logicalName = root["LogicalName"] as? String, ODataIdentifier.isLogicalName(logicalName),
              let setName = root["EntitySetName"] as? String, ODataIdentifier.isValid(setName),
              let idAttribute = root["PrimaryIdAttribute"] as? String, ODataIdentifier.isValid(idAttribute)
        else { return nil }
        let label = root["DisplayName"] as? [String: Any]
        let userLabel = (label?["UserLocalizedLabel"] as? [String: Any])?["Label"] as? String
        let firstLabel = ((label?["LocalizedLabels"] as? [Any])?.first as? [String: Any])?["Label"] as? String
        return EntityMetadata(
            logicalName: logicalName, entitySetName: setName, primaryIdAttribute: idAttribute,
            primaryNameAttribute: root["PrimaryNameAttribute"] as? String, displayName: userLabel ?? firstLabel,
            changeTrackingEnabled: root["ChangeTrackingEnabled"] as? Bool ?? false)
    }
}

/// Reads the collections under an entity definition (PA `webapi/query-metadata-web-api`:
/// `Attributes`, its casts to a derived type, and `ManyToOneRelationships` are queried like
/// any collection, answering `{"value":[…]}`).
enum EntityDefinitionCollections {
    /// `Attributes?$select=LogicalName,AttributeType,RequiredLevel,IsValidForCreate`. A
    /// column whose name or type is missing makes the answer unreadable; `RequiredLevel` is
    /// an `AttributeRequiredLevelManagedProperty` whose `Value` names the level
    /// (PA `webapi/query-metadata-web-api`, "Filtering by required level").
    static func attributes(_ root: [String: Any]) -> [AttributeMetadata]? {
        guard let rows = rows(root) else { return nil }
        var attributes: [AttributeMetadata] = []
        for row in rows {
            guard let name = row["LogicalName"] as? String, let type = row["AttributeType"] as? String else { return nil }
            let level = ((row["RequiredLevel"] as? [String: Any])?["Value"] as? String) ?? (row["RequiredLevel"] as? String)
            attributes.append(AttributeMetadata(
                logicalName: name, attributeType: type, requiredLevel: level.flatMap(RequiredLevel.init(rawValue:)) ?? .none,
                isValidForCreate: row["IsValidForCreate"] as? Bool ?? false))
        }
        return attributes
    }

    /// `Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength`
    /// (and the Memo cast): `MaxLength` is not a property of the base type, so it is read through the cast.
    static func maxLengths(_ root: [String: Any]) -> [String: Int]? {
        rows(root).map { rows in
            rows.reduce(into: [String: Int]()) { lengths, row in
                if let name = row["LogicalName"] as? String, let length = row["MaxLength"] as? Int { lengths[name] = length }
            }
        }
    }

    /// `ManyToOneRelationships?$select=SchemaName,ReferencedEntity,ReferencingAttribute,ReferencingEntityNavigationPropertyName,CascadeConfiguration`.
    /// A navigation property goes into request bodies as a member name, so it must be an
    /// OData identifier; a relationship without one is left out (it cannot be bound).
    static func relationships(_ root: [String: Any]) -> [RelationshipMetadata]? {
        rows(root).map { rows in
            rows.compactMap { row in
                guard let referenced = row["ReferencedEntity"] as? String, let attribute = row["ReferencingAttribute"] as? String,
                      let navigation = row["ReferencingEntityNavigationPropertyName"] as? String, ODataIdentifier.isValid(navigation)
                else { return nil }
                return RelationshipMetadata(
                    schemaName: row["SchemaName"] as? String ?? "", referencedEntity: referenced, referencingAttribute: attribute,
                    navigationProperty: navigation, cascadeDelete: (row["CascadeConfiguration"] as? [String: Any])?["Delete"] as? String)
            }
        }
    }

    private static func rows(_ root: [String: Any]) -> [[String: Any]]? {
        guard let values = root["value"] as? [Any] else { return nil }
        let rows = values.compactMap { $0 as? [String: Any] }
        return rows.count == values.count ? rows : nil
    }
}
