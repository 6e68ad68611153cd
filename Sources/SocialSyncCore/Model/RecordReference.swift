/// A Dataverse row named by its table's logical name and its id.
public struct RecordReference: Hashable, Sendable, Codable {
    /// Logical name of the table, e.g. `incident` or `lead` (not the entity set name).
    public var entity: String
    /// The row's GUID, lower-cased so comparisons with Dataverse answers are exact.
    public var id: String

    public init(entity: String, id: String) {
        self.entity = entity.lowercased()
        self.id = id.lowercased()
    }
}
