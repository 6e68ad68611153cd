import Foundation
import SocialSyncCore

/// What Refresh (R4) learned about an instance's tables.
public struct EntityMetadataRepository<Access>: Repository {
    let transaction: Transaction<Access>

    static var columns: String {
        "logical_name, entity_set_name, primary_id_attribute, primary_name_attribute, display_name, change_tracking_enabled, attributes, many_to_one"
    }

    public func get(instanceID: String, logicalName: String) throws(StoreError) -> EntityMetadata? {
        try database().queryFirst(
            "SELECT \(Self.columns) FROM entity_metadata WHERE instance_id = ? AND logical_name = ?",
            .text(instanceID), .text(logicalName), row: Self.decode
        )
    }

    /// Every table known for the instance, by logical name.
    public func all(instanceID: String) throws(StoreError) -> [EntityMetadata] {
        try database().query(
            "SELECT \(Self.columns) FROM entity_metadata WHERE instance_id = ? ORDER BY logical_name", .text(instanceID), row: Self.decode
        )
    }

    /// When the instance's metadata was last refreshed, nil if never.
    public func refreshedAt(instanceID: String) throws(StoreError) -> Date? {
        try database().queryFirst("SELECT max(refreshed_at) FROM entity_metadata WHERE instance_id = ?", .text(instanceID)) {
            $0.optionalDate(0)
        } ?? nil
    }

    static func decode(_ row: Statement) -> EntityMetadata {
        EntityMetadata(
            logicalName: row.text(0), entitySetName: row.text(1), primaryIdAttribute: row.text(2),
            primaryNameAttribute: row.optionalText(3), displayName: row.optionalText(4), changeTrackingEnabled: row.bool(5),
            attributes: decodedJSON(row.optionalText(6)), manyToOne: decodedJSON(row.optionalText(7))
        )
    }

    /// Columns and relationships are kept as JSON: they are read whole, never queried. A
    /// value this build cannot read counts as not reported, which only makes creation refuse.
    static func decodedJSON<Value: Decodable>(_ text: String?) -> Value? {
        text.flatMap { try? JSONDecoder().decode(Value.self, from: Data($0.utf8)) }
    }

    static func encodedJSON(_ value: (some Encodable)?) -> String? {
        value.flatMap { (try? JSONEncoder().encode($0)).map { String(decoding: $0, as: UTF8.self) } }
    }
}

extension EntityMetadataRepository where Access == WriteAccess {
    /// Stores what was learned about these tables, keeping what is known about the others
    /// (a read of a few tables on first need, not a whole refresh).
    public func merge(instanceID: String, with entities: [EntityMetadata], refreshedAt time: Date) throws(StoreError) {
        guard !entities.isEmpty else { return }
        let kept = try all(instanceID: instanceID).filter { old in !entities.contains { $0.logicalName == old.logicalName } }
        try replace(instanceID: instanceID, with: kept + entities, refreshedAt: time)
    }

    /// Replaces everything known about the instance's tables with `entities`: a refresh
    /// is a complete answer, so tables no longer reported are forgotten.
    public func replace(instanceID: String, with entities: [EntityMetadata], refreshedAt time: Date) throws(StoreError) {
        let database = try database()
        try database.run("DELETE FROM entity_metadata WHERE instance_id = ?", .text(instanceID))
        for entity in entities {
            do throws(StoreError) {
                try database.run(
                    """
                    INSERT INTO entity_metadata (instance_id, \(Self.columns), refreshed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (instance_id, logical_name) DO UPDATE SET entity_set_name = excluded.entity_set_name,
                    primary_id_attribute = excluded.primary_id_attribute, primary_name_attribute = excluded.primary_name_attribute,
                    display_name = excluded.display_name, change_tracking_enabled = excluded.change_tracking_enabled,
                    attributes = excluded.attributes, many_to_one = excluded.many_to_one, refreshed_at = excluded.refreshed_at
                    """,
                    .text(instanceID), .text(entity.logicalName), .text(entity.entitySetName), .text(entity.primaryIdAttribute),
                    .text(entity.primaryNameAttribute), .text(entity.displayName), .bool(entity.changeTrackingEnabled),
                    .text(Self.encodedJSON(entity.attributes)), .text(Self.encodedJSON(entity.manyToOne)), .date(time)
                )
            } catch where error.isConstraintViolation(on: .foreignKey) {
                throw .unknownInstance(id: instanceID)
            }
        }
    }
}
