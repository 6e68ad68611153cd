import HTTPServer

/// Dataverse change tracking (dataverse.md "Change tracking", PA
/// `use-change-tracking-synchronize-data-external-systems`): a full read sent with
/// `Prefer: odata.track-changes` ends with an `@odata.deltaLink`; calling that link answers
/// the rows written since, then one `$deletedEntity` row per deletion, and a new delta link.
/// The simulator's token carries the organization's write version (`DeltaToken`; Dataverse's
/// is opaque). A delta answer is not paged here: the simulator's changes between two passes
/// are few. A call with no changes answers in the form `deltaAnswers` names.
extension Organization {
    /// `$filter` (and `$orderby`, `$expand`, `$top`, which the simulator refuses anyway) is
    /// not allowed with change tracking; a table without it refuses the preference.
    /// The error bodies are synthetic: no recorded Dataverse body for these is public.
    /// A table with rows hidden from the caller refuses it too: change tracking needs
    /// organization-level read (`RowVisibility`).
    func checkChangeTracking(_ entity: EntityDefinition, filter: ODataFilter?) throws(DataverseError) {
        guard changeTrackingEnabled && entity.changeTrackingEnabled else {
            throw .badQuery("Change tracking is not enabled for the entity '\(entity.logicalName)'. (d365-sim: synthetic message)")
        }
        if visibility.hidesAny(in: entity.entitySetName) { throw privilegeDenied(entity) }
        if filter != nil { throw .badQuery("$filter is not supported with change tracking. (d365-sim: synthetic message)") }
    }

    /// Expires every token handed out so far. The version moves on, so a token handed out
    /// from now on (a restarted full read) is valid even if no row is written meanwhile.
    mutating func expireDeltaTokens() {
        oldestValidDeltaToken = nextVersion()
    }

    func deltaLink(_ entity: EntityDefinition, _ context: WebAPIContext, version: Int) -> String {
        link(entity, context, replacing: "$deltatoken", encoded: DeltaToken(version: version).encoded)
    }

    /// The rows of `entity` written after the token's version, in key order, then the rows
    /// deleted since, with a delta link from now. An expired token answers `ExpiredVersionStamp`
    /// (`DeltaAnswers.expired`); a token that is not one of this organization's answers 400.
    func changes(_ entity: EntityDefinition, since token: String, _ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        try checkChangeTracking(entity, filter: nil)
        guard let since = DeltaToken(decoded: token)?.version, since <= currentVersion else {
            throw .badQuery("The delta token '\(token)' is not valid. (d365-sim: synthetic message)")
        }
        guard since >= oldestValidDeltaToken else { throw deltaAnswers.expired }
        guard let table = tables[entity.entitySetName] else { throw .resourceNotFound(entity.entitySetName) }
        let selection = try ColumnSelection(context.request.queryValue("$select"), entity: entity)
        let renderer = RowRenderer(entity: entity, selection: selection, preferences: context.preferences, lookupNames: primaryName)
        var rows = table.rows.filter { $0.value.version > since }.sorted { $0.key < $1.key }.map { renderer.render(id: $0.key, row: $0.value) }
        let deletedContext = JSONValue.string(context.apiBase + "$metadata#" + entity.entitySetName + "/$deletedEntity")
        for deletion in table.deletions where deletion.version > since {
            rows.append(.object([("@odata.context", deletedContext), ("id", .string(deletion.id.description)), ("reason", .string("deleted"))]))
        }
        if rows.isEmpty, let quiet = deltaAnswers.quietAnswer { return quiet }
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
