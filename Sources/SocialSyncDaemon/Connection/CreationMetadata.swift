import Dataverse
import SocialSyncCore

/// The metadata a creation needs (R4 on first use, R8): what the store lacks is read from
/// the instance. Shared by `links create` and the outbox, so both decide alike what a
/// failed read means.
public enum CreationMetadata {
    /// The tables a creation of `recordType` writes.
    public static func tableNames(recordType: String) -> [String] {
        CreationTables.fixedTables + [recordType]
    }

    /// The definitions `stored` lacks, read from the instance, for the caller to store. A
    /// table the instance refuses to describe for good (a 4xx: no such table) is left out,
    /// so assembling the tables names it; any other failure (an outage, throttling, refused
    /// credentials, an unreadable answer) says nothing and is returned (N1).
    public static func missing(recordType: String, stored: [EntityMetadata], client: DataverseClient) async -> Result<[EntityMetadata], DataverseError> {
        var fetched: [EntityMetadata] = []
        for name in tableNames(recordType: recordType) where !stored.contains(where: { $0.logicalName == name }) {
            do {
                fetched += try await client.entityDefinitions([name])
            } catch where error.evidence.isDefinitiveRefusal && error.evidence.verdict != .unauthorized {
                continue
            } catch {
                return .failure(error)
            }
        }
        return .success(fetched)
    }

    /// The creation's tables from everything known, or what rules the creation out.
    public static func tables(recordType: String, known: [EntityMetadata]) -> Result<CreationTables, CreationPlanningError> {
        CreationTables.assemble(record: recordType, from: known).flatMap { tables in
            Result { () throws(CreationPlanningError) in
                try CreationPlanner.check(tables)
                return tables
            }
        }
    }
}
