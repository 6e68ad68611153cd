import HTTPServer

/// The test-only control surface under `/_admin/` (never subject to faults).
extension SimulatorState {
    mutating func handleAdmin(_ request: HTTPRequest, now: ContinuousClock.Instant) -> HTTPResponse {
        let path = request.path.split(separator: "/").map(String.init).dropFirst()
        do {
            return try routeAdmin(request.method, Array(path), request)
        } catch {
            return ODataResponse.adminError(error)
        }
    }

    private mutating func routeAdmin(_ method: String, _ path: [String], _ request: HTTPRequest) throws(SimulatorError) -> HTTPResponse {
        let route = AdminRoute(method: method, path: path)
        if let answer = try routeWriteRulesAdmin(route, request) { return answer }
        if let answer = try routeReadAnswers(route, request) { return answer }
        if let answer = try routeCascadeAdmin(route, request) { return answer }
        if route.matches("POST", "clock", "advance") != nil {
            guard let seconds = try Self.body(request)["seconds"]?.intValue, seconds > 0 else {
                throw .badRequest("clock/advance needs {\"seconds\": N} with N at least 1")
            }
            clockAdvance += .seconds(seconds)
            return ODataResponse.admin(status: 200, .object([("advanced_seconds", .integer(Int(clockAdvance.components.seconds)))]))
        }
        if route.matches("PUT", "latency") != nil {
            guard let milliseconds = try Self.body(request)["ms"]?.intValue, milliseconds >= 0 else {
                throw .badRequest("latency needs {\"ms\": N} with N at least 0")
            }
            latency = .milliseconds(milliseconds)
            return ODataResponse.admin(status: 200, .object([("ms", .integer(milliseconds))]))
        }
        if route.matches("GET", "orgs") != nil {
            let list = organizations.keys.sorted().map { organizationJSON(organizations[$0]!.settings) }
            return ODataResponse.admin(status: 200, .array(list))
        }
        if route.matches("POST", "orgs") != nil {
            let settings = try OrganizationSettings(json: try Self.body(request))
            try addOrganization(settings)
            return ODataResponse.admin(status: 201, organizationJSON(settings))
        }
        if let captured = route.matches("POST", "orgs", "*", "rows", "*") {
            let body = try Self.body(request)
            let count = try withOrganization(captured[0]) { organization throws(SimulatorError) in
                try organization.insertRows(set: captured[1], body)
            }
            return ODataResponse.admin(status: 201, .object([("inserted", .integer(count))]))
        }
        if let captured = route.matches("DELETE", "orgs", "*", "rows", "*", "*") {
            let id = try Self.guid(captured[2])
            try withOrganization(captured[0]) { organization throws(SimulatorError) in try organization.deleteRow(set: captured[1], id: id) }
            return ODataResponse.admin(status: 200, .object([("deleted", .string(id.description))]))
        }
        if let captured = route.matches("POST", "orgs", "*", "rows", "socialactivities", "*", "dissociate") {
            let id = try Self.guid(captured[1])
            try withOrganization(captured[0]) { organization throws(SimulatorError) in try organization.setRegarding(activity: id, nil) }
            return ODataResponse.admin(status: 200, .object([("regarding", .null)]))
        }
        if let captured = route.matches("POST", "orgs", "*", "rows", "socialactivities", "*", "regarding") {
            let id = try Self.guid(captured[1])
            guard let regarding = try Organization.regarding(try Self.body(request)) else {
                throw .badRequest("regarding needs {\"entity\",\"id\"}; use dissociate to empty it")
            }
            try withOrganization(captured[0]) { organization throws(SimulatorError) in
                try organization.setRegarding(activity: id, regarding)
            }
            let json = JSONValue.object([("entity", .string(regarding.entity)), ("id", .string(regarding.id.description))])
            return ODataResponse.admin(status: 200, .object([("regarding", json)]))
        }
        if let captured = route.matches("PUT", "orgs", "*", "fault") {
            let fault = try Fault(json: try Self.body(request))
            try withOrganization(captured[0]) { organization throws(SimulatorError) in organization.setFault(fault) }
            return ODataResponse.admin(status: 200, .object([("fault", .string(fault.kind.rawValue))]))
        }
        if let captured = route.matches("DELETE", "orgs", "*", "fault") {
            try withOrganization(captured[0]) { organization throws(SimulatorError) in organization.setFault(nil) }
            return ODataResponse.admin(status: 200, .object([("fault", .null)]))
        }
        if let captured = route.matches("POST", "orgs", "*", "drop_next_response") {
            try withOrganization(captured[0]) { organization throws(SimulatorError) in organization.dropNextResponse = true }
            return ODataResponse.admin(status: 200, .object([("drop_next_response", .bool(true))]))
        }
        if let captured = route.matches("POST", "orgs", "*", "expire_delta_tokens") {
            try withOrganization(captured[0]) { organization throws(SimulatorError) in organization.expireDeltaTokens() }
            return ODataResponse.admin(status: 200, .object([("expired", .bool(true))]))
        }
        if let captured = route.matches("PUT", "orgs", "*", "change_tracking") {
            guard let enabled = try Self.body(request)["enabled"]?.boolValue else { throw .badRequest("change_tracking needs {\"enabled\": true|false}") }
            try withOrganization(captured[0]) { organization throws(SimulatorError) in organization.changeTrackingEnabled = enabled }
            return ODataResponse.admin(status: 200, .object([("change_tracking", .bool(enabled))]))
        }
        if route.matches("GET", "counters") != nil {
            let orgs = organizations.keys.sorted().map { (key: $0, value: organizations[$0]!.counters.json) }
            return ODataResponse.admin(status: 200, .object([("orgs", .object(orgs))]))
        }
        if route.matches("POST", "counters", "reset") != nil {
            for name in organizations.keys { organizations[name]!.counters = OrganizationCounters() }
            return ODataResponse.admin(status: 200, .object([("reset", .bool(true))]))
        }
        throw .notFound("no admin operation \(method) /_admin/\(path.joined(separator: "/"))")
    }

    private func organizationJSON(_ settings: OrganizationSettings) -> JSONValue {
        .object([
            ("name", .string(settings.name)), ("organization_id", .string(settings.organizationID.description)),
            ("instance_url", .string(instanceURL(settings.name))), ("token_url", .string(tokenURL(settings))),
        ])
    }

    static func body(_ request: HTTPRequest) throws(SimulatorError) -> JSONValue {
        do {
            return try JSONValue.parse(request.body)
        } catch {
            throw .badRequest("the body must be JSON")
        }
    }

    static func guid(_ text: String) throws(SimulatorError) -> GUID {
        guard let id = GUID(text) else { throw .badRequest("not a GUID: \(text)") }
        return id
    }
}

/// Matches an admin path against a pattern whose `*` segments are captured.
struct AdminRoute {
    let method: String
    let path: [String]

    func matches(_ expectedMethod: String, _ pattern: String...) -> [String]? {
        guard method == expectedMethod, path.count == pattern.count else { return nil }
        var captured: [String] = []
        for (segment, expected) in zip(path, pattern) {
            if expected == "*" {
                captured.append(segment)
            } else if segment != expected {
                return nil
            }
        }
        return captured
    }
}
