/// A reference stored in a lookup column: the target table's logical name and row id.
public struct LookupValue: Sendable, Equatable {
    public var entity: String
    public var id: GUID

    public init(entity: String, id: GUID) {
        self.entity = entity
        self.id = id
    }
}

/// One stored row. The id is the key of its table's dictionary, not repeated here.
struct Row: Sendable {
    /// Bumped on every write; read back as `@odata.etag` `W/"<version>"`.
    var version: Int
    var columns: [String: JSONValue] = [:]
    var lookups: [String: LookupValue] = [:]
}

/// All rows of one table in one organization, keyed by id for constant-time reads.
struct Table: Sendable {
    let entity: EntityDefinition
    var rows: [GUID: Row] = [:]
    /// Deleted ids with the version of their deletion, oldest first, for change tracking's
    /// `$deletedEntity` rows.
    var deletions: [(id: GUID, version: Int)] = []

    /// Removes a row, remembering the deletion; false when there was no such row.
    mutating func delete(_ id: GUID, version: Int) -> Bool {
        guard rows.removeValue(forKey: id) != nil else { return false }
        deletions.append((id, version))
        return true
    }
}
