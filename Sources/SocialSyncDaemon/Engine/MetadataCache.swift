import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore

/// An instance's table metadata for one pass: the stored definitions are read once, a
/// table the store lacks is read from the instance on first need (R4's refresh for one
/// table) and stored, and a table a healthy instance will not describe falls back to its
/// documented names (`definition(of:from:)`, which `instances refresh` uses too).
actor MetadataCache {
    let instanceID: String
    let store: StoreActor
    let client: DataverseClient
    let clock: EngineClock
    private var known: [String: EntityMetadata]?
    /// Tables whose read failed in this pass: not asked again until the next one.
    private var unavailable: Set<String> = []

    init(instanceID: String, store: StoreActor, client: DataverseClient, clock: EngineClock) {
        self.instanceID = instanceID
        self.store = store
        self.client = client
        self.clock = clock
    }

    /// Everything stored for the instance, plus what this pass fetched.
    func all() async throws -> [EntityMetadata] {
        try await loaded().values.sorted { $0.logicalName < $1.logicalName }
    }

    /// The table's metadata, or nil while the instance cannot say (an outage, throttling):
    /// those links stay unverified this pass (N1).
    func definition(of entity: String) async throws -> EntityMetadata? {
        if let known = try await loaded()[entity] { return known }
        guard !unavailable.contains(entity) else { return nil }
        switch await Self.definition(of: entity, from: client) {
        case .success(.documented(let metadata)):
            // Kept for this pass only: a creation needs the served columns, so the store
            // waits for the real definition.
            known?[entity] = metadata
            return metadata
        case .success(.served(let metadata)):
            try await remember([metadata])
            return metadata
        case .failure:
            unavailable.insert(entity)
            return nil
        }
    }

    /// Stores definitions read elsewhere in the pass (a creation's tables).
    func remember(_ fetched: [EntityMetadata]) async throws {
        guard !fetched.isEmpty else { return }
        let time = clock.now()
        try await store.write { [instanceID] in try $0.entityMetadata.merge(instanceID: instanceID, with: fetched, refreshedAt: time) }
        for metadata in fetched { known?[metadata.logicalName] = metadata }
    }

    private func loaded() async throws -> [String: EntityMetadata] {
        if let known { return known }
        let stored = try await store.read { [instanceID] in try $0.entityMetadata.all(instanceID: instanceID) }
        let loaded = Dictionary(stored.map { ($0.logicalName, $0) }, uniquingKeysWith: { first, _ in first })
        known = loaded
        return loaded
    }

    /// Where a definition came from.
    enum Definition: Sendable {
        case served(EntityMetadata)
        /// The healthy instance would not describe a standard table: its documented names.
        case documented(EntityMetadata)

        var metadata: EntityMetadata {
            switch self {
            case .served(let metadata), .documented(let metadata): metadata
            }
        }
    }

    /// A definition from the instance. A 404 or unreadable definition comes back
    /// malformed: a standard table then gets its documented names; an outage, throttling
    /// or refused credentials say nothing about the table and fail.
    static func definition(of entity: String, from client: DataverseClient) async -> Result<Definition, DataverseError> {
        do {
            return .success(.served(try await client.entityDefinition(entity)))
        } catch {
            guard error.evidence.verdict == .malformed, let documented = EntityMetadata.documented(entity) else { return .failure(error) }
            return .success(.documented(documented))
        }
    }
}
