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
