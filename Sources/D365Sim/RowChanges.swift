/// The column and lookup values one write sets on a row.
struct RowChanges {
    var columns: [String: JSONValue] = [:]
    /// nil clears the lookup.
    var lookups: [String: LookupValue?] = [:]

    init() {}

    func apply(to row: inout Row) {
        for (name, value) in columns { row.columns[name] = value }
        for (name, value) in lookups { row.lookups[name] = value }
    }

    /// Reads a Web API create (`creating`) or update body against the table's metadata:
    /// plain columns, and `<navigation>@odata.bind` references such as
    /// `"regardingobjectid_incident_socialactivity@odata.bind":"/incidents(<id>)"`, each of
    /// which must name one of the table's many-to-one relationships and an existing row of
    /// that relationship's table.
    init(
        webAPIBody body: JSONValue, entity: EntityDefinition, id: GUID?, creating: Bool, organization: Organization
    ) throws(DataverseError) {
        guard let members = body.objectValue else { throw .badQuery("The request body must be a JSON object.") }
        for (key, value) in members {
            if key.hasSuffix("@odata.bind") {
                try bind(String(key.dropLast("@odata.bind".count)), value, entity: entity, creating: creating, organization: organization)
            } else if key == "@odata.type" || key == "@odata.context" {
                // Both may come with a body, as in the InitializeFrom example of PA
                // `webapi/create-entity-web-api`.
                continue
            } else if key == entity.primaryIdAttribute {
                guard let text = value.stringValue, let bodyID = GUID(text), id == nil || bodyID == id else {
                    throw .badQuery("The key \(key) in the body does not match the key in the URL.")
                }
            } else {
                guard !key.contains("@"), let attribute = entity.attribute(key), !attribute.isLookup else {
                    throw .badQuery(
                        "The property '\(key)' does not exist on type 'Microsoft.Dynamics.CRM.\(entity.logicalName)'. Make sure to only use property names that are defined by the type."
                    )
                }
                guard value.objectValue == nil, value.arrayValue == nil else {
                    throw .badQuery("The value of property '\(key)' must be a primitive value.")
                }
                try WriteValidation.check(attribute, entity: entity, creating: creating)
                try WriteValidation.checkLength(attribute, value, entity: entity)
                columns[key] = value
            }
        }
    }

    private mutating func bind(
        _ navigation: String, _ value: JSONValue, entity: EntityDefinition, creating: Bool, organization: Organization
    ) throws(DataverseError) {
        guard let relationship = entity.relationship(navigation: navigation), let attribute = entity.attribute(relationship.referencingAttribute)
        else {
            throw .badQuery(
                "An undeclared property '\(navigation)' which only has property annotations in the payload but no property value was found in the payload."
            )
        }
        guard attribute.isLookup else {
            // made up: the relationships whose column is a Uniqueidentifier (activity pointer,
            // process stage) are metadata only here; binding them is refused.
            throw .badQuery("d365-sim does not bind '\(navigation)': its column is not a lookup. (d365-sim: made-up message)")
        }
        try WriteValidation.check(attribute, entity: entity, creating: creating)
        guard let text = value.stringValue else {
            guard value.isNull else { throw .badQuery("\(navigation)@odata.bind must be a string like /incidents(<id>).") }
            lookups[attribute.logicalName] = .some(nil)
            return
        }
        let reference = text.split(separator: "/").last.map(String.init) ?? text
        guard let open = reference.firstIndex(of: "("), reference.hasSuffix(")"),
            let target = EntityCatalog.bySetName(String(reference[..<open])),
            let targetID = GUID(reference[reference.index(after: open)..<reference.index(before: reference.endIndex)])
        else { throw .badQuery("'\(text)' is not a valid entity reference for \(navigation)@odata.bind.") }
        guard target.logicalName == relationship.referencedEntity else {
            // made up: Dataverse refuses a reference to another table than the navigation
            // property's, but no page gives the answer; this is a plausible 400.
            throw .badQuery(
                "The navigation property '\(navigation)' refers to '\(relationship.referencedEntity)', not to '\(target.logicalName)'. (d365-sim: made-up message)"
            )
        }
        let lookup = LookupValue(entity: target.logicalName, id: targetID)
        guard organization.contains(lookup) else { throw .rowMissing(entity: target.logicalName, id: targetID) }
        lookups[attribute.logicalName] = lookup
    }
}
