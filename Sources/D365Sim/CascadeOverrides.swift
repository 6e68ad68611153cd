import HTTPServer

/// Relationship cascades an organization has customised. Microsoft documents that a
/// relationship's cascading behaviour can be configured (PA
/// `configure-entity-relationship-cascading-behavior`; through the Web API, "Update
/// relationships" in PA `webapi/create-update-entity-relationships-using-web-api`), and lists
/// relationships of socialactivity with other Delete behaviours than Cascade
/// (`service_socialactivities` Restrict on the D365 `ce/.../entities/socialactivity` page,
/// `socialactivity_postauthor_contacts` RemoveLink on PA `reference/entities/socialactivity`).
/// The regarding relationships the tests link through all cascade in `MicrosoftTables`, so a
/// test that needs one that does not sets it here (`PUT /_admin/orgs/{org}/cascade/{table}/{SchemaName}`
/// with `{"delete": "Cascade"|"RemoveLink"|"Restrict"}`, the values Delete may be set to: PA
/// `configure-entity-relationship-cascading-behavior` and the SDK's `CascadeConfiguration.Delete`;
/// metadata may also report `NoCascade` on system relationships; the route is made up).
/// Metadata answers and deletions both read the customised value.
struct CascadeOverrides: Sendable {
    static let deleteValues: Set<String> = ["Cascade", "RemoveLink", "Restrict"]

    /// Delete behaviour by referencing table and schema name.
    private var deletes: [String: String] = [:]

    mutating func setDelete(_ value: String, table: String, schemaName: String) throws(SimulatorError) {
        guard Self.deleteValues.contains(value) else {
            throw .badRequest("delete must be one of \(Self.deleteValues.sorted().joined(separator: ", "))")
        }
        guard EntityCatalog.byLogicalName(table)?.manyToOne.contains(where: { $0.schemaName == schemaName }) == true else {
            throw .notFound("table \(table) has no many-to-one relationship \(schemaName)")
        }
        deletes[table + "/" + schemaName] = value
    }

    /// The relationship's cascade as the organization has it.
    func cascade(of relationship: RelationshipDefinition) -> CascadeConfiguration {
        deletes[relationship.referencingEntity + "/" + relationship.schemaName].map { relationship.cascade.replacingDelete(with: $0) }
            ?? relationship.cascade
    }
}

extension SimulatorState {
    /// The answer when `route` sets a cascade; nil to let `routeAdmin` go on.
    mutating func routeCascadeAdmin(_ route: AdminRoute, _ request: HTTPRequest) throws(SimulatorError) -> HTTPResponse? {
        guard let captured = route.matches("PUT", "orgs", "*", "cascade", "*", "*") else { return nil }
        guard let value = try Self.body(request)["delete"]?.stringValue else { throw .badRequest("cascade needs {\"delete\": …}") }
        try withOrganization(captured[0]) { organization throws(SimulatorError) in
            try organization.cascades.setDelete(value, table: captured[1], schemaName: captured[2])
        }
        return ODataResponse.admin(status: 200, .object([("table", .string(captured[1])), ("relationship", .string(captured[2])), ("delete", .string(value))]))
    }
}
