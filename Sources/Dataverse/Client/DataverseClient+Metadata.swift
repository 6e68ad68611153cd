import Foundation
import SocialSyncCore

extension DataverseClient {
    /// The columns the Refresh action (R4) keeps (dataverse.md, "Metadata").
    static let entityDefinitionColumns = "LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,DisplayName,ChangeTrackingEnabled"

    /// Entity definitions for these tables, in the order asked; the first failure throws.
    public func entityDefinitions(_ logicalNames: [String]) async throws(DataverseError) -> [EntityMetadata] {
        var definitions: [EntityMetadata] = []
        for name in logicalNames {
            definitions.append(try await entityDefinition(name))
        }
        return definitions
    }

    private func entityDefinition(_ logicalName: String) async throws(DataverseError) -> EntityMetadata {
        let operation = "EntityDefinitions(LogicalName='\(logicalName)')"
        // Logical names are lower-case letters, digits and underscores; anything else would
        // change the URL's meaning.
        guard !logicalName.isEmpty, logicalName.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            throw DataverseError(operation: operation, evidence: VerdictEvidence(verdict: .malformed, isDefinitiveRefusal: true, detail: "not a table logical name"))
        }
        let result = await read("\(operation)?$select=\(Self.entityDefinitionColumns)") { root in
            Self.entityMetadata(root)
        }
        return try result.get()
    }

    static func entityMetadata(_ root: [String: Any]) -> EntityMetadata? {
        guard let logicalName = root["LogicalName"] as? String, let setName = root["EntitySetName"] as? String,
              let idAttribute = root["PrimaryIdAttribute"] as? String
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
