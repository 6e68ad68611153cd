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
        guard ODataIdentifier.isLogicalName(logicalName) else {
            throw DataverseError(operation: operation, evidence: VerdictEvidence(verdict: .malformed, isDefinitiveRefusal: true, detail: "not a table logical name"))
        }
        let result = await read("\(operation)?$select=\(Self.entityDefinitionColumns)", parse: EntityDefinitionAnswer.metadata)
        return try result.get()
    }
}
