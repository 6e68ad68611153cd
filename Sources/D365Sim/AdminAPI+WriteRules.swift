import HTTPServer

/// Admin routes for the write rules of `WriteRules`:
/// - `PUT /_admin/orgs/{org}/alternate_keys/{set}` `{"columns":["postid"]}` gives the table
///   an alternate key (replacing any); `DELETE` the same path drops it.
/// - `PUT /_admin/orgs/{org}/refuse_creates/{set}` `{"status":400,"code":"0x80040265","message":"…"}`
///   makes every create on the table answer that error; `DELETE` the same path clears it.
extension SimulatorState {
    mutating func routeWriteRulesAdmin(_ route: AdminRoute, _ request: HTTPRequest) throws(SimulatorError) -> HTTPResponse? {
        if let captured = route.matches("PUT", "orgs", "*", "alternate_keys", "*") {
            let entity = try Self.entity(set: captured[1])
            let columns = try Self.body(request)["columns"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard !columns.isEmpty else { throw .badRequest("alternate_keys needs {\"columns\":[\"<column>\",...]}") }
            for column in columns where !entity.allowsColumn(column) {
                throw .badRequest("\(entity.logicalName) has no column \(column) for an alternate key")
            }
            try withOrganization(captured[0]) { organization throws(SimulatorError) in
                organization.writeRules.alternateKeys[entity.entitySetName] = columns
            }
            return ODataResponse.admin(status: 200, .object([("alternate_key", .array(columns.map(JSONValue.string)))]))
        }
        if let captured = route.matches("DELETE", "orgs", "*", "alternate_keys", "*") {
            let entity = try Self.entity(set: captured[1])
            try withOrganization(captured[0]) { organization throws(SimulatorError) in
                organization.writeRules.alternateKeys[entity.entitySetName] = nil
            }
            return ODataResponse.admin(status: 200, .object([("alternate_key", .null)]))
        }
        if let captured = route.matches("PUT", "orgs", "*", "refuse_creates", "*") {
            let entity = try Self.entity(set: captured[1])
            let body = try Self.body(request)
            guard let status = body["status"]?.intValue, (400...599).contains(status), let code = body["code"]?.stringValue,
                let message = body["message"]?.stringValue
            else { throw .badRequest("refuse_creates needs {\"status\":4xx|5xx,\"code\":\"0x…\",\"message\":\"…\"}") }
            let refusal = WriteRules.Refusal(status: status, code: code, message: message)
            try withOrganization(captured[0]) { organization throws(SimulatorError) in
                organization.writeRules.refusedCreates[entity.entitySetName] = refusal
            }
            return ODataResponse.admin(
                status: 200,
                .object([("refuse_creates", .object([("status", .integer(status)), ("code", .string(code)), ("message", .string(message))]))]))
        }
        if let captured = route.matches("DELETE", "orgs", "*", "refuse_creates", "*") {
            let entity = try Self.entity(set: captured[1])
            try withOrganization(captured[0]) { organization throws(SimulatorError) in
                organization.writeRules.refusedCreates[entity.entitySetName] = nil
            }
            return ODataResponse.admin(status: 200, .object([("refuse_creates", .null)]))
        }
        return nil
    }

    private static func entity(set: String) throws(SimulatorError) -> EntityDefinition {
        guard let entity = EntityCatalog.bySetName(set) else { throw .notFound("unknown entity set \(set)") }
        return entity
    }
}
