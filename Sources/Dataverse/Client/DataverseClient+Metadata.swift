import Foundation
import SocialSyncCore

extension DataverseClient {
    /// The columns the Refresh action (R4) keeps (dataverse.md, "Metadata").
    static let entityDefinitionColumns = "LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,DisplayName,ChangeTrackingEnabled"
    static let attributeColumns = "LogicalName,AttributeType,RequiredLevel,IsValidForCreate"
    static let relationshipColumns = "SchemaName,ReferencedEntity,ReferencingAttribute,ReferencingEntityNavigationPropertyName,CascadeConfiguration"
    /// The derived attribute types that carry `MaxLength`.
    static let textAttributeTypes = ["Microsoft.Dynamics.CRM.StringAttributeMetadata", "Microsoft.Dynamics.CRM.MemoAttributeMetadata"]

    /// Entity definitions for these tables, in the order asked, with their columns and
    /// many-to-one relationships; the first failure throws.
    public func entityDefinitions(_ logicalNames: [String]) async throws(DataverseError) -> [EntityMetadata] {
        var definitions: [EntityMetadata] = []
        for name in logicalNames {
            definitions.append(try await entityDefinition(name))
        }
        return definitions
    }

    /// The definition, then its collections. A collection the instance refuses for good
    /// (a 4xx, an unreadable answer) is left unreported, which makes creation refuse the
    /// table but keeps verification working; an outage or throttling fails the whole read.
    public func entityDefinition(_ logicalName: String) async throws(DataverseError) -> EntityMetadata {
        let operation = "EntityDefinitions(LogicalName='\(logicalName)')"
        guard ODataIdentifier.isLogicalName(logicalName) else {
            throw DataverseError(operation: operation, evidence: VerdictEvidence(verdict: .malformed, isDefinitiveRefusal: true, detail: "not a table logical name"))
        }
        var metadata = try await read("\(operation)?$select=\(Self.entityDefinitionColumns)", parse: EntityDefinitionAnswer.metadata).get()
        var attributes = try await optional(read("\(operation)/Attributes?$select=\(Self.attributeColumns)", parse: EntityDefinitionCollections.attributes))
        for cast in Self.textAttributeTypes where attributes != nil {
            let relative = "\(operation)/Attributes/\(cast)?$select=LogicalName,MaxLength"
            guard let lengths = try await optional(read(relative, parse: EntityDefinitionCollections.maxLengths)) else { continue }
            attributes = attributes?.map { attribute in
                var sized = attribute
                sized.maxLength = lengths[attribute.logicalName] ?? attribute.maxLength
                return sized
            }
        }
        metadata.attributes = attributes
        metadata.manyToOne = try await optional(read("\(operation)/ManyToOneRelationships?$select=\(Self.relationshipColumns)", parse: EntityDefinitionCollections.relationships))
        return metadata
    }

    /// nil for an answer that says the instance does not serve this (a definitive refusal
    /// or an unreadable body); throws for an answer that says nothing (outage, throttling,
    /// refused credentials).
    private func optional<Value>(_ result: Result<Value, DataverseError>) throws(DataverseError) -> Value? {
        switch result {
        case .success(let value): return value
        case .failure(let error) where error.evidence.verdict == .malformed: return nil
        case .failure(let error): throw error
        }
    }
}
