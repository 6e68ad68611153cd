import HTTPServer

/// `RetrieveTotalRecordCount(EntityNames=@p1)?@p1=["<table>",…]` (PA `webapi/query/count-rows`:
/// "a snapshot within the past 24 hours of the total number of rows for a table"; its answer
/// is a `RetrieveTotalRecordCountResponse` whose `EntityRecordCountCollection` pairs `Keys`
/// (logical names) with `Values` (Int64 counts), PA `webapi/reference/entityrecordcountcollection`).
/// Made up: the simulator's snapshot is always the current count (the freshest a snapshot can
/// be), hidden rows included (a platform count, not the caller's view); a name that is no table
/// is refused with the same error as an unknown `EntityDefinitions` name, which no page shows.
extension Organization {
    static let recordCountFunction = "RetrieveTotalRecordCount"

    func retrieveTotalRecordCount(_ resource: String, _ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        try context.checkQueryOptions(allowed: [])
        let names = try Self.entityNames(resource, aliases: context.aliases)
        var counts: [JSONValue] = []
        for name in names {
            guard let entity = EntityCatalog.byLogicalName(name) else {
                throw DataverseError(status: 404, code: "0x80060888", message: "Could not find entity with LogicalName = '\(name)'. (d365-sim: made-up message)")
            }
            counts.append(.integer(tables[entity.entitySetName]?.rows.count ?? 0))
        }
        let collection = JSONValue.object([
            ("Count", .integer(names.count)), ("IsReadOnly", .bool(false)),
            ("Keys", .array(names.map(JSONValue.string))), ("Values", .array(counts)),
        ])
        return ODataResponse.json(
            status: 200,
            .object([
                ("@odata.context", .string(context.apiBase + "$metadata#Microsoft.Dynamics.CRM.RetrieveTotalRecordCountResponse")),
                ("EntityRecordCountCollection", collection),
            ]))
    }

    /// The `EntityNames` parameter, inline or through a parameter alias (PA
    /// `webapi/use-web-api-functions`, "Passing parameters to a function").
    private static func entityNames(_ resource: String, aliases: [String: String]) throws(DataverseError) -> [String] {
        let prefix = recordCountFunction + "(EntityNames="
        guard resource.hasPrefix(prefix), resource.hasSuffix(")") else {
            throw .badQuery("\(recordCountFunction) takes one parameter, EntityNames. (d365-sim: synthetic message)")
        }
        let argument = String(resource.dropFirst(prefix.count).dropLast())
        let text = argument.hasPrefix("@") ? aliases[argument] ?? "" : argument
        guard let parsed = try? JSONValue.parse(Array(text.replacingSingleQuotes().utf8)), let values = parsed.arrayValue,
              !values.isEmpty, case let names = values.compactMap(\.stringValue), names.count == values.count
        else { throw .badQuery("EntityNames must be a collection of table logical names. (d365-sim: synthetic message)") }
        return names
    }
}

extension String {
    /// OData writes string literals in single quotes (`['account']`); JSON wants double ones.
    fileprivate func replacingSingleQuotes() -> String {
        String(map { $0 == "'" ? "\"" : $0 })
    }
}
