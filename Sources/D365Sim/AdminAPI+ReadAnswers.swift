import HTTPServer

/// Admin routes that shape what reads answer where Microsoft documents behaviour the default
/// simulator does not show: rows hidden from the application user (`RowVisibility`) and
/// the forms of delta answers (`DeltaAnswers`).
///
/// - `PUT /_admin/orgs/{org}/hidden/{set}/{id}` hides a row (it need not exist), `DELETE`
///   the same path shows it again; both answer `{"hidden": <bool>, "set", "id"}`.
/// - `PUT /_admin/orgs/{org}/delta_answers` with `{"no_changes", "expired_status"}`.
extension SimulatorState {
    /// The answer when `route` is one of these operations; nil to let `routeAdmin` go on.
    mutating func routeReadAnswers(_ route: AdminRoute, _ request: HTTPRequest) throws(SimulatorError) -> HTTPResponse? {
        for (method, hide) in [("PUT", true), ("DELETE", false)] {
            guard let captured = route.matches(method, "orgs", "*", "hidden", "*", "*") else { continue }
            guard EntityCatalog.bySetName(captured[1]) != nil else { throw .notFound("no table with entity set \(captured[1])") }
            let id = try Self.guid(captured[2])
            try withOrganization(captured[0]) { organization throws(SimulatorError) in
                if hide { organization.visibility.hide(set: captured[1], id: id) } else { organization.visibility.show(set: captured[1], id: id) }
            }
            return ODataResponse.admin(status: 200, .object([("hidden", .bool(hide)), ("set", .string(captured[1])), ("id", .string(id.description))]))
        }
        if let captured = route.matches("PUT", "orgs", "*", "delta_answers") {
            let body = try Self.body(request)
            let answers = try withOrganization(captured[0]) { organization throws(SimulatorError) in
                try organization.deltaAnswers.update(body)
                return organization.deltaAnswers
            }
            return ODataResponse.admin(status: 200, answers.json)
        }
        return nil
    }
}

extension DeltaAnswers {
    /// `{"no_changes": "empty_value"|"empty_object"|"empty_body", "expired_status": 400-599}`,
    /// both optional.
    mutating func update(_ body: JSONValue) throws(SimulatorError) {
        if let form = body["no_changes"] {
            guard let value = form.stringValue.flatMap(NoChanges.init(rawValue:)) else {
                throw .badRequest("no_changes must be one of \(NoChanges.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            noChanges = value
        }
        if let status = body["expired_status"] {
            guard let value = status.intValue, (400...599).contains(value) else { throw .badRequest("expired_status must be 400-599") }
            expiredStatus = value
        }
    }

    var json: JSONValue {
        .object([("no_changes", .string(noChanges.rawValue)), ("expired_status", .integer(expiredStatus))])
    }
}
