import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore

/// R4, Refresh: the organization's identity and language (R1) and the entity metadata of
/// the tables socialsync uses with an instance.
public enum MetadataRefresh {
    public struct Result: Sendable {
        public var probe: InstanceProbe
        public var entities: [EntityMetadata]
    }

    /// The tables a refresh covers: those every creation writes (social activity and
    /// profile, contact, account), the record types the instance's links and rules use, and
    /// the usual targets (case and lead).
    public static func entitiesInUse(instanceID: String, _ transaction: Transaction<some Any>) throws -> [String] {
        var names = Set(CreationTables.fixedTables + ["incident", "lead"])
        for rule in try transaction.rules.all() where rule.instanceID == instanceID {
            names.insert(rule.recordEntity.lowercased())
        }
        names.formUnion(try transaction.links.recordEntities(instanceID: instanceID))
        return names.sorted()
    }

    /// Probes, then fetches each definition; an unhealthy instance fails with its verdict
    /// (69, unavailable) rather than storing partial metadata. A standard table whose
    /// definition the healthy instance does not serve gets its documented names, as in a pass
    /// (`MetadataCache`).
    public static func fetch(client: DataverseClient, entities: [String]) async -> Swift.Result<Result, RefreshError> {
        let probe = await client.probe()
        guard probe.verdict == .healthy else { return .failure(RefreshError(verdict: probe.verdict, detail: probe.detail)) }
        var definitions: [EntityMetadata] = []
        for entity in entities {
            switch await MetadataCache.definition(of: entity, from: client) {
            case .success(let definition): definitions.append(definition.metadata)
            case .failure(let error): return .failure(RefreshError(verdict: error.evidence.verdict, detail: error.description))
            }
        }
        return .success(Result(probe: probe, entities: definitions))
    }

    /// Stores the metadata and the organization's identity (learned once, R1) and language.
    public static func store(_ result: Result, instanceID: String, transaction: WriteTransaction, at time: Date) throws -> Instance {
        guard var instance = try transaction.instances.get(instanceID) else { throw StoreError.unknownInstance(id: instanceID) }
        let identity = OrganizationIdentity.reconcile(known: instance.organizationID, observed: result.probe.organizationID)
        instance.organizationID = identity.organizationID
        instance.organizationMismatch = identity.mismatch
        instance.language = result.probe.language ?? instance.language
        try transaction.instances.update(instance)
        try transaction.entityMetadata.replace(instanceID: instanceID, with: result.entities, refreshedAt: time)
        return instance
    }
}

/// A refresh that could not complete: the instance is not healthy, or refused a definition.
public struct RefreshError: Error, Sendable, CustomStringConvertible {
    public var verdict: Verdict
    public var detail: String

    public var description: String { "instance is \(verdict.rawValue): \(detail)" }
}
