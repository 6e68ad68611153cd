/// Why socialsync cannot create a record of a table in an instance, found from the
/// instance's metadata before anything is queued or sent (R8).
public enum CreationPlanningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The instance's metadata for the table is not known (not refreshed, or not served).
    case missingMetadata(table: String)
    /// The instance did not report the table's columns or relationships.
    case incompleteMetadata(table: String, missing: String)
    /// socialactivity has no regarding relationship to the table: it cannot be a regarding record.
    case notARegardingTarget(table: String)
    /// A relationship a creation binds through is missing, e.g. socialactivity → socialprofile.
    case missingRelationship(table: String, attribute: String, target: String)
    /// A column the server demands (`SystemRequired`) that socialsync has no value for.
    case unfillableRequiredColumn(table: String, column: String)

    public var description: String {
        switch self {
        case .missingMetadata(let table):
            "the instance does not describe a table '\(table)' (EntityDefinitions has no such table, or its metadata could not be read: run 'instances refresh' while the instance is healthy)"
        case .incompleteMetadata(let table, let missing):
            "the instance did not report the \(missing) of table '\(table)', which a creation needs"
        case .notARegardingTarget(let table):
            "table '\(table)' cannot be the regarding record of a social activity in this instance (socialactivity has no regardingobjectid relationship to it)"
        case .missingRelationship(let table, let attribute, let target):
            "table '\(table)' has no relationship from '\(attribute)' to '\(target)', which a creation binds through"
        case .unfillableRequiredColumn(let table, let column):
            "table '\(table)' requires column '\(column)' (SystemRequired), which socialsync cannot fill from a post"
        }
    }
}
