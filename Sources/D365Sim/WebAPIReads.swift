import HTTPServer

/// The Web API's read operations (dataverse.md "Requests", "Reading many rows"); metadata
/// reads are in WebAPIMetadata.swift.
extension Organization {
    static let version = "9.2.24101.00000"

    func whoAmI(_ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        try context.checkQueryOptions(allowed: [])
        return ODataResponse.json(
            status: 200,
            .object([
                ("@odata.context", .string(context.apiBase + "$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse")),
                ("BusinessUnitId", .string(GUID(derivedFrom: name + "/businessunit").description)),
                ("UserId", .string(GUID(derivedFrom: name + "/applicationuser").description)),
                ("OrganizationId", .string(settings.organizationID.description)),
            ]))
    }

    func retrieveVersion(_ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        try context.checkQueryOptions(allowed: [])
        return ODataResponse.json(
            status: 200,
            .object([
                ("@odata.context", .string(context.apiBase + "$metadata#Microsoft.Dynamics.CRM.RetrieveVersionResponse")),
                ("Version", .string(Self.version)),
            ]))
    }

    func organizations(_ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        try context.checkQueryOptions(allowed: ["$select"])
        let available: [(key: String, value: JSONValue)] = [
            ("languagecode", .integer(settings.language)), ("name", .string(name)),
            ("organizationid", .string(settings.organizationID.description)),
        ]
        var selected = available
        var suffix = ""
        if let select = context.request.queryValue("$select") {
            let names = select.split(separator: ",").map { $0.trimming(" \t") }
            for field in names where !available.contains(where: { $0.key == field }) {
                throw .badQuery("Could not find a property named '\(field)' on type 'Microsoft.Dynamics.CRM.organization'.")
            }
            selected = available.filter { names.contains($0.key) || $0.key == "organizationid" }
            suffix = "(" + names.joined(separator: ",") + ")"
        }
        let row = JSONValue.object([("@odata.etag", .string("W/\"1\""))] + selected)
        return ODataResponse.json(
            status: 200,
            .object([("@odata.context", .string(context.apiBase + "$metadata#organizations" + suffix)), ("value", .array([row]))]))
    }

    func readRow(_ entity: EntityDefinition, id: GUID, _ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        try context.checkQueryOptions(allowed: ["$select"])
        let selection = try ColumnSelection(context.request.queryValue("$select"), entity: entity)
        guard let row = row(set: entity.entitySetName, id: id) else { throw .rowMissing(entity: entity.logicalName, id: id) }
        if visibility.isHidden(set: entity.entitySetName, id: id) { throw privilegeDenied(entity) }
        let rendered = RowRenderer(entity: entity, selection: selection, preferences: context.preferences, lookupNames: primaryName)
            .render(id: id, row: row)
        let contextURL = context.apiBase + "$metadata#" + entity.entitySetName + selection.contextSuffix + "/$entity"
        var response = ODataResponse.json(status: 200, .object([("@odata.context", .string(contextURL))] + (rendered.objectValue ?? [])))
        for field in context.preferenceApplied(pageSize: false) { response.headers.set(field.name, field.value) }
        response.headers.set("ETag", "W/\"\(row.version)\"")
        return response
    }

    /// A page of the rows matching `$filter`, in key order, with an absolute
    /// `@odata.nextLink` when more remain. With `Prefer: odata.track-changes` the last page
    /// carries an `@odata.deltaLink`, and a `$deltatoken` read answers the changes since
    /// (ChangeTracking.swift).
    func readCollection(_ entity: EntityDefinition, _ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        try context.checkQueryOptions(allowed: ["$select", "$filter", "$skiptoken", "$deltatoken"])
        let request = context.request
        if let token = request.queryValue("$deltatoken") { return try changes(entity, since: token, context) }
        let selection = try ColumnSelection(request.queryValue("$select"), entity: entity)
        var filter: ODataFilter?
        if let text = request.queryValue("$filter") {
            do {
                filter = try ODataFilter(parsing: text, aliases: context.aliases)
            } catch {
                throw DataverseError(error)
            }
        }
        if context.preferences.trackChanges { try checkChangeTracking(entity, filter: filter) }
        guard let table = tables[entity.entitySetName] else { throw .resourceNotFound(entity.entitySetName) }
        var ids = try RowQuery(table: table).matchingIDs(filter).filter { !visibility.isHidden(set: entity.entitySetName, id: $0) }[...]
        var pageNumber = 1
        // A tracked read's delta link starts where its first page was read.
        var trackedFrom = currentVersion
        if let token = request.queryValue("$skiptoken") {
            let skip = try SkipToken(parsing: token)
            pageNumber = skip.pageNumber
            trackedFrom = skip.trackedFrom ?? trackedFrom
            ids = ids[(ids.firstIndex { $0 > skip.lastID } ?? ids.endIndex)...]
        }
        let pageIDs = ids.prefix(context.preferences.maxPageSize)
        let renderer = RowRenderer(entity: entity, selection: selection, preferences: context.preferences, lookupNames: primaryName)
        let rows = pageIDs.compactMap { id in table.rows[id].map { renderer.render(id: id, row: $0) } }
        var members: [(key: String, value: JSONValue)] = [
            ("@odata.context", .string(context.apiBase + "$metadata#" + entity.entitySetName + selection.contextSuffix)),
            ("value", .array(rows)),
        ]
        if let last = pageIDs.last, pageIDs.count < ids.count {
            let token = SkipToken(pageNumber: pageNumber + 1, lastID: last, trackedFrom: context.preferences.trackChanges ? trackedFrom : nil)
            members.append(("@odata.nextLink", .string(nextLink(entity, context, token: token))))
        } else if context.preferences.trackChanges {
            members.append(("@odata.deltaLink", .string(deltaLink(entity, context, version: trackedFrom))))
        }
        var response = ODataResponse.json(status: 200, .object(members))
        for field in context.preferenceApplied(pageSize: true) { response.headers.set(field.name, field.value) }
        return response
    }

    /// The request's own query (as sent, so the client's encoding is kept) with the
    /// `$skiptoken` replaced.
    private func nextLink(_ entity: EntityDefinition, _ context: WebAPIContext, token: SkipToken) -> String {
        link(entity, context, replacing: "$skiptoken", encoded: PercentEncoding.encode(token.text))
    }

    /// The request's own query with `$skiptoken` and `$deltatoken` replaced by `name=value`
    /// (`value` already percent-encoded).
    func link(_ entity: EntityDefinition, _ context: WebAPIContext, replacing name: String, encoded value: String) -> String {
        let kept = (context.request.rawQuery ?? "").split(separator: "&").filter { part in
            let key = PercentEncoding.decode(part.split(separator: "=", maxSplits: 1).first.map(String.init) ?? "", plusIsSpace: true)
            return key != "$skiptoken" && key != "$deltatoken"
        }
        let query = (kept.map(String.init) + [name + "=" + value]).joined(separator: "&")
        return context.apiBase + entity.entitySetName + "?" + query
    }
}
