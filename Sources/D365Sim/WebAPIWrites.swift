import HTTPServer

/// The Web API's writes (dataverse.md "Writes that can be retried"): PATCH upserts, with
/// `If-None-Match: *` (create only) and `If-Match` (update only) conditions, POST creates
/// and DELETE.
extension Organization {
    mutating func upsertRow(_ entity: EntityDefinition, id: GUID, _ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        try context.checkQueryOptions(allowed: ["$select"])
        let existing = row(set: entity.entitySetName, id: id)
        let headers = context.request.headers
        if headers["If-None-Match"] == "*", existing != nil {
            counters.duplicateCreateAttempts += 1
            throw DataverseError(status: 412, code: "0x80040237", message: "A record with matching key values already exists.")
        }
        if let condition = headers["If-Match"] {
            guard let existing else { throw .rowMissing(entity: entity.logicalName, id: id) }
            guard condition == "*" || condition == "W/\"\(existing.version)\"" else {
                throw DataverseError(
                    status: 412, code: "0x80060882",
                    message: "The version of the existing record doesn't match the RowVersion property provided.")
            }
        }
        let changes = try RowChanges(
            webAPIBody: try Self.body(context), entity: entity, id: id, creating: existing == nil, organization: self)
        return try store(changes, entity: entity, id: id, existing: existing, context)
    }

    mutating func createRow(_ entity: EntityDefinition, _ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        try context.checkQueryOptions(allowed: ["$select"])
        let body = try Self.body(context)
        let changes = try RowChanges(webAPIBody: body, entity: entity, id: nil, creating: true, organization: self)
        let id = body[entity.primaryIdAttribute]?.stringValue.flatMap { GUID($0) } ?? GUID.random()
        if row(set: entity.entitySetName, id: id) != nil {
            counters.duplicateCreateAttempts += 1
            throw DataverseError(status: 412, code: "0x80040237", message: "A record with matching key values already exists.")
        }
        return try store(changes, entity: entity, id: id, existing: nil, context)
    }

    mutating func deleteRow(_ entity: EntityDefinition, id: GUID, _ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        try context.checkQueryOptions(allowed: [])
        guard row(set: entity.entitySetName, id: id) != nil else { throw .rowMissing(entity: entity.logicalName, id: id) }
        try deleteCascading(entity, id: id)
        return ODataResponse.noContent()
    }

    private mutating func store(
        _ changes: RowChanges, entity: EntityDefinition, id: GUID, existing: Row?, _ context: WebAPIContext
    ) throws(DataverseError) -> HTTPResponse {
        let selection = try ColumnSelection(context.request.queryValue("$select"), entity: entity)
        var row = existing ?? Row(version: 0)
        changes.apply(to: &row)
        applyPlatformColumns(to: &row, entity: entity, creating: existing == nil)
        if existing == nil {
            try WriteValidation.checkRequired(changes, entity: entity)
            try checkCreateRules(row, entity: entity)
        }
        row.version = nextVersion()
        tables[entity.entitySetName]?.rows[id] = row
        if existing == nil { counters.creates[entity.entitySetName, default: 0] += 1 }
        let entityID = context.apiBase + entity.entitySetName + "(\(id))"
        guard context.preferences.returnRepresentation else {
            return ODataResponse.noContent(headers: ["OData-EntityId": entityID])
        }
        let rendered = RowRenderer(entity: entity, selection: selection, preferences: context.preferences, lookupNames: primaryName)
            .render(id: id, row: row)
        let contextURL = context.apiBase + "$metadata#" + entity.entitySetName + selection.contextSuffix + "/$entity"
        var response = ODataResponse.json(
            status: existing == nil ? 201 : 200, .object([("@odata.context", .string(contextURL))] + (rendered.objectValue ?? [])))
        response.headers.set("OData-EntityId", entityID)
        response.headers.set("Preference-Applied", "return=representation")
        return response
    }

    private static func body(_ context: WebAPIContext) throws(DataverseError) -> JSONValue {
        do {
            return try JSONValue.parse(context.request.body)
        } catch {
            throw .badQuery("The request body is not valid JSON.")
        }
    }
}

extension GUID {
    /// A version-4 style random id, for rows created without a client-chosen id.
    static func random() -> GUID {
        var generator = SystemRandomNumberGenerator()
        return GUID(
            high: generator.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x4000,
            low: generator.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000)
    }
}
