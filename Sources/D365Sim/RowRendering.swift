/// Which columns a read returns: `$select` checked against the table, or everything.
struct ColumnSelection {
    let columns: [String]?

    init(_ text: String?, entity: EntityDefinition) throws(DataverseError) {
        guard let text else {
            columns = nil
            return
        }
        var names: [String] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimming(" \t")
            let known: Bool
            if let lookup = lookupName(ofValueProperty: name) {
                known = entity.allowsLookup(lookup)
            } else {
                known = entity.allowsColumn(name)
            }
            guard known else {
                throw .badQuery("Could not find a property named '\(name)' on type 'Microsoft.Dynamics.CRM.\(entity.logicalName)'.")
            }
            if !names.contains(name) { names.append(name) }
        }
        columns = names
    }

    /// The `(a,b)` part of an `@odata.context`, or nothing when all columns were returned.
    var contextSuffix: String {
        columns.map { "(" + $0.joined(separator: ",") + ")" } ?? ""
    }
}

/// `_regardingobjectid_value` → `regardingobjectid`.
func lookupName(ofValueProperty property: String) -> String? {
    guard property.hasPrefix("_"), property.hasSuffix("_value"), property.count > 7 else { return nil }
    return String(property.dropFirst().dropLast(6))
}

/// Turns a stored row into the JSON Dataverse sends: etag, selected columns, lookups as
/// `_<name>_value` preceded by the annotations the client asked for, and the primary key
/// (always returned, selected or not). With `OData.Community.Display.V1.FormattedValue`
/// asked for, choices read their label and lookups the referenced row's primary name
/// (`lookupNames`); dates and numbers get none here, a simplification.
struct RowRenderer {
    static let formattedValue = "OData.Community.Display.V1.FormattedValue"
    static let navigationProperty = "Microsoft.Dynamics.CRM.associatednavigationproperty"
    static let logicalName = "Microsoft.Dynamics.CRM.lookuplogicalname"

    let entity: EntityDefinition
    let selection: ColumnSelection
    let preferences: ODataPreferences
    /// The primary name of a referenced row, for a lookup's formatted value.
    var lookupNames: (LookupValue) -> String? = { _ in nil }

    func render(id: GUID, row: Row) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("@odata.etag", .string("W/\"\(row.version)\""))]
        let names =
            selection.columns
            ?? [entity.primaryIdAttribute] + row.columns.keys.sorted() + row.lookups.keys.sorted().map { "_\($0)_value" }
        for name in names {
            if name == entity.primaryIdAttribute {
                members.append((name, .string(id.description)))
            } else if let lookup = lookupName(ofValueProperty: name) {
                appendLookup(name, lookup: lookup, value: row.lookups[lookup], to: &members)
            } else {
                let value = row.columns[name] ?? .null
                if preferences.includesAnnotation(Self.formattedValue), let label = entity.attribute(name)?.label(of: value) {
                    members.append(("\(name)@\(Self.formattedValue)", .string(label)))
                }
                members.append((name, value))
            }
        }
        if !names.contains(entity.primaryIdAttribute) {
            members.append((entity.primaryIdAttribute, .string(id.description)))
        }
        return .object(members)
    }

    private func appendLookup(
        _ property: String, lookup: String, value: LookupValue?, to members: inout [(key: String, value: JSONValue)]
    ) {
        guard let value else {
            members.append((property, .null))
            return
        }
        if preferences.includesAnnotation(Self.formattedValue), let name = lookupNames(value) {
            members.append(("\(property)@\(Self.formattedValue)", .string(name)))
        }
        if preferences.includesAnnotation(Self.navigationProperty),
            let relationship = entity.relationship(attribute: lookup, target: value.entity)
        {
            members.append(("\(property)@\(Self.navigationProperty)", .string(relationship.referencingNavigation)))
        }
        if preferences.includesAnnotation(Self.logicalName) {
            members.append(("\(property)@\(Self.logicalName)", .string(value.entity)))
        }
        members.append((property, .string(value.id.description)))
    }
}

extension Organization {
    /// A row's primary name (`title`, `fullname`, `name`, ...), for lookup formatted values.
    func primaryName(of lookup: LookupValue) -> String? {
        guard let entity = EntityCatalog.byLogicalName(lookup.entity) else { return nil }
        return row(set: entity.entitySetName, id: lookup.id)?.columns[entity.primaryNameAttribute]?.stringValue
    }
}
