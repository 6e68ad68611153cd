/// The body of one create, built against the table's metadata: a column is sent only when
/// the table has it and a create may set it (`IsValidForCreate`), text is cut to the
/// column's `MaxLength`, and lookups bind through the relationship's navigation property.
struct RowBody {
    let table: EntityMetadata
    private(set) var members: [(key: String, value: JSONValue)] = []
    /// Logical names of the columns this body sets, lookups included.
    private(set) var filled: Set<String> = []

    init(_ table: EntityMetadata) {
        self.table = table
    }

    /// Sets a text column cut to its length; skipped when the table has no such creatable column.
    mutating func set(_ column: String, text: String) {
        guard let attribute = table.attribute(column), attribute.isValidForCreate else { return }
        let length = attribute.maxLength ?? ColumnLengths.documented(table: table.logicalName, column: column)
        append(column, .string(ColumnText.truncated(text, maxLength: length)))
    }

    /// Sets a non-text column; skipped when the table has no such creatable column.
    mutating func set(_ column: String, _ value: JSONValue) {
        guard table.isCreatable(column) else { return }
        append(column, value)
    }

    /// Binds `attribute` to `row` (a row of `target`), through the relationship the
    /// metadata names; fails when the table has none.
    mutating func bind(_ attribute: String, to row: RecordReference, of target: EntityMetadata) throws(CreationPlanningError) {
        guard bindIfPossible(attribute, to: row, of: target) else {
            throw .missingRelationship(table: table.logicalName, attribute: attribute, target: target.logicalName)
        }
    }

    /// Binds when the table has a creatable `attribute` with a relationship to `target`.
    @discardableResult
    mutating func bindIfPossible(_ attribute: String, to row: RecordReference, of target: EntityMetadata) -> Bool {
        guard table.isCreatable(attribute), let relationship = table.relationship(attribute, to: target.logicalName) else { return false }
        members.append((key: "\(relationship.navigationProperty)@odata.bind", value: .string("/\(target.entitySetName)(\(row.id))")))
        filled.insert(attribute)
        return true
    }

    /// The body, once every column the server demands is set. The platform fills the key
    /// (from the URL), the state and status (their defaults) and the owner: `ownerid` is
    /// SystemRequired on every user-owned table, yet Microsoft's create samples send none
    /// (PA `webapi/create-entity-web-api` creates an account from its name alone), so the
    /// caller becomes the owner (inferred). An `EntityName` column (`owneridtype`) names the
    /// table of a polymorphic lookup and goes with it: a bind names the table by its path.
    /// Columns a create may not set are not the caller's to fill.
    func checked() throws(CreationPlanningError) -> JSONValue {
        guard let attributes = table.attributes else { throw .incompleteMetadata(table: table.logicalName, missing: "columns") }
        let platformFilled: Set<String> = ["Owner", "State", "Status", "EntityName"]
        for attribute in attributes where attribute.requiredLevel == .systemRequired && attribute.isValidForCreate {
            guard attribute.logicalName != table.primaryIdAttribute, !platformFilled.contains(attribute.attributeType) else { continue }
            guard filled.contains(attribute.logicalName) else {
                throw .unfillableRequiredColumn(table: table.logicalName, column: attribute.logicalName)
            }
        }
        return .object(members)
    }

    private mutating func append(_ column: String, _ value: JSONValue) {
        members.append((key: column, value: value))
        filled.insert(column)
    }
}
