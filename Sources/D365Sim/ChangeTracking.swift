import HTTPServer

/// Dataverse change tracking (dataverse.md "Change tracking", PA
/// `use-change-tracking-synchronize-data-external-systems`): a full read sent with
/// `Prefer: odata.track-changes` ends with an `@odata.deltaLink`; calling that link answers
/// the rows written since, then one `$deletedEntity` row per deletion, and a new delta link.
/// The simulator's token is the organization's write version (Dataverse's is opaque too).
/// A delta answer is not paged here: the simulator's changes between two passes are few.
extension Organization {
    /// `$filter` (and `$orderby`, `$expand`, `$top`, which the simulator refuses anyway) is
    /// not allowed with change tracking; a table without it refuses the preference.
    /// The error bodies are synthetic: no recorded Dataverse body for these is public.
    func checkChangeTracking(_ entity: EntityDefinition, filter: ODataFilter?) throws(DataverseError) {
        guard changeTrackingEnabled && entity.changeTrackingEnabled else {
            throw .badQuery("Change tracking is not enabled for the entity '\(entity.logicalName)'. (d365-sim: synthetic message)")
        }
        if filter != nil { throw .badQuery("$filter is not supported with change tracking. (d365-sim: synthetic message)") }
    }

    func deltaLink(_ entity: EntityDefinition, _ context: WebAPIContext, version: Int) -> String {
        link(entity, context, replacing: "$deltatoken", with: String(version))
    }

    /// The rows of `entity` written after the token's version, in key order, then the rows
    /// deleted since, with a delta link from now. An expired or foreign token answers 400.
    func changes(_ entity: EntityDefinition, since token: String, _ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        try checkChangeTracking(entity, filter: nil)
        guard let since = Int(token), since >= oldestValidDeltaToken, since <= currentVersion else {
            throw .badQuery("The delta token '\(token)' is expired or not valid; start over with a full read. (d365-sim: synthetic message)")
        }
        guard let table = tables[entity.entitySetName] else { throw .resourceNotFound(entity.entitySetName) }
        let selection = try ColumnSelection(context.request.queryValue("$select"), entity: entity)
        let renderer = RowRenderer(entity: entity, selection: selection, preferences: context.preferences, lookupNames: primaryName)
        var rows = table.rows.filter { $0.value.version > since }.sorted { $0.key < $1.key }.map { renderer.render(id: $0.key, row: $0.value) }
        let deletedContext = JSONValue.string(context.apiBase + "$metadata#" + entity.entitySetName + "/$deletedEntity")
        for deletion in table.deletions where deletion.version > since {
            rows.append(.object([("@odata.context", deletedContext), ("id", .string(deletion.id.description)), ("reason", .string("deleted"))]))
        }
        let members: [(key: String, value: JSONValue)] = [
            ("@odata.context", .string(context.apiBase + "$metadata#" + entity.entitySetName + selection.contextSuffix + "/$delta")),
            ("value", .array(rows)),
            ("@odata.deltaLink", .string(deltaLink(entity, context, version: currentVersion))),
        ]
        var response = ODataResponse.json(status: 200, .object(members))
        for field in context.preferenceApplied(pageSize: true) { response.headers.set(field.name, field.value) }
        return response
    }
}
