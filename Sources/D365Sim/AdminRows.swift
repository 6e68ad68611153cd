/// Rows as the admin API and seed files give them: `{"id":"<guid>", ...columns}`, and for
/// social activities `"regarding":{"entity":"incident","id":"<guid>"}` or null. The
/// regarding row need not exist: tests plant dangling references on purpose.
///
/// These rows stand for data already in the organization, so the Web API's write rules
/// (create/update validity, required columns, lengths, alternate keys) do not apply; what
/// is inserted stays consistent with the metadata all the same: only the table's own plain
/// columns, and the platform's columns (state and default status, owner, times) as a
/// create sets them.
extension Organization {
    mutating func insertRows(set: String, _ body: JSONValue) throws(SimulatorError) -> Int {
        guard let entity = EntityCatalog.bySetName(set) else { throw .notFound("unknown entity set \(set)") }
        let rows = body["rows"]?.arrayValue ?? [body]
        var parsed: [(GUID, RowChanges)] = []
        for row in rows {
            parsed.append(try Self.adminRow(row, entity: entity))
        }
        for (id, changes) in parsed {
            var row = Row(version: nextVersion())
            changes.apply(to: &row)
            applyPlatformColumns(to: &row, entity: entity, creating: true)
            tables[set]?.rows[id] = row
        }
        return parsed.count
    }

    /// Deletes as a user of the organization would, cascading like the Web API's DELETE.
    mutating func deleteRow(set: String, id: GUID) throws(SimulatorError) {
        guard let entity = EntityCatalog.bySetName(set) else { throw .notFound("unknown entity set \(set)") }
        guard tables[set]?.rows[id] != nil else { throw .notFound("no row \(id) in \(set)") }
        do {
            try deleteWithCascade(entity, id: id)
        } catch {
            throw .conflict("\(set) \(id) is still referenced through \(error.relationship), whose delete is Restrict")
        }
    }

    /// Sets or (with nil) empties a social activity's regarding record.
    mutating func setRegarding(activity id: GUID, _ regarding: LookupValue?) throws(SimulatorError) {
        guard var row = tables["socialactivities"]?.rows[id] else { throw .notFound("no social activity \(id)") }
        row.lookups["regardingobjectid"] = regarding
        row.version = nextVersion()
        tables["socialactivities"]?.rows[id] = row
    }

    static func regarding(_ json: JSONValue) throws(SimulatorError) -> LookupValue? {
        if json.isNull { return nil }
        guard let entityName = json["entity"]?.stringValue, let entity = EntityCatalog.byLogicalName(entityName) else {
            throw .badRequest("regarding needs an \"entity\" among \(EntityCatalog.all.map(\.logicalName).joined(separator: ", "))")
        }
        guard let text = json["id"]?.stringValue, let id = GUID(text) else { throw .badRequest("regarding needs an \"id\" GUID") }
        return LookupValue(entity: entity.logicalName, id: id)
    }

    private static func adminRow(_ json: JSONValue, entity: EntityDefinition) throws(SimulatorError) -> (GUID, RowChanges) {
        guard let members = json.objectValue else { throw .badRequest("a row must be a JSON object") }
        guard let text = json["id"]?.stringValue, let id = GUID(text) else { throw .badRequest("a row needs an \"id\" GUID") }
        var changes = RowChanges()
        for (key, value) in members where key != "id" {
            if key == "regarding" && entity.logicalName == "socialactivity" {
                changes.lookups["regardingobjectid"] = .some(try regarding(value))
            } else {
                guard entity.allowsColumn(key), key != entity.primaryIdAttribute else {
                    throw .badRequest("\(entity.logicalName) has no column \(key)")
                }
                guard value.objectValue == nil, value.arrayValue == nil else {
                    throw .badRequest("column \(key) must hold a primitive value")
                }
                changes.columns[key] = value
            }
        }
        return (id, changes)
    }
}
