/// One column of a table as its metadata describes it (PA `webapi/query-metadata-web-api`,
/// AttributeMetadata): what a write may send and what a read returns.
struct AttributeDefinition: Sendable {
    /// One choice of a Picklist, State, Status or Boolean column. `related` is a state's
    /// DefaultStatus, or a status's state.
    struct Option: Sendable {
        let value: Int
        let label: String
        let related: Int?
    }

    let logicalName: String
    /// AttributeType as metadata spells it: String, Memo, Lookup, Customer, Owner, Picklist, ...
    let type: String
    /// For String and Memo columns, counted in UTF-16 code units as .NET strings are.
    let maxLength: Int?
    /// None, SystemRequired, ApplicationRequired or Recommended.
    let requiredLevel: String
    let isValidForCreate: Bool
    let isValidForUpdate: Bool
    /// The tables a lookup may point at.
    let targets: [String]
    let options: [Option]

    /// Lookups are written through a navigation property and read as `_<name>_value`.
    var isLookup: Bool { type == "Lookup" || type == "Customer" || type == "Owner" }

    /// The label a read shows as `@OData.Community.Display.V1.FormattedValue`.
    func label(of value: JSONValue) -> String? {
        if type == "Boolean", let flag = value.boolValue {
            return options.first { $0.value == (flag ? 1 : 0) }?.label ?? (flag ? "Yes" : "No")
        }
        guard let number = value.intValue else { return nil }
        return options.first { $0.value == number }?.label
    }
}

/// A many-to-one relationship of a table (OneToManyRelationshipMetadata seen from the
/// referencing side): how a write binds the lookup and what deleting the referenced row does.
struct RelationshipDefinition: Sendable {
    let schemaName: String
    let referencedEntity: String
    let referencedAttribute: String
    let referencingEntity: String
    let referencingAttribute: String
    /// The `<name>` of `<name>@odata.bind`, and the lookup's `associatednavigationproperty`.
    let referencingNavigation: String
    let cascade: CascadeConfiguration

    var referencedNavigation: String { schemaName }
}

/// CascadeConfiguration: what each operation on the referenced row does to referencing rows.
struct CascadeConfiguration: Sendable {
    static let actions = ["Archive", "Assign", "Delete", "Merge", "Reparent", "RollupView", "Share", "Unshare"]

    /// One of Cascade, NoCascade, RemoveLink, Restrict per entry of `actions`.
    let values: [String]

    /// Reads MicrosoftTables' eight-letter spelling; `-` (not on the page read) is NoCascade.
    init?(code: String) {
        let names: [Character: String] = ["C": "Cascade", "N": "NoCascade", "R": "RemoveLink", "X": "Restrict", "-": "NoCascade"]
        let values = code.compactMap { names[$0] }
        guard values.count == Self.actions.count, code.count == Self.actions.count else { return nil }
        self.values = values
    }

    var delete: String { values[2] }

    private init(values: [String]) {
        self.values = values
    }

    /// The same configuration with another Delete behaviour (`CascadeOverrides`).
    func replacingDelete(with value: String) -> CascadeConfiguration {
        var changed = values
        changed[2] = value
        return CascadeConfiguration(values: changed)
    }

    var json: JSONValue {
        .object(zip(Self.actions, values).map { (key: $0, value: JSONValue.string($1)) })
    }
}
