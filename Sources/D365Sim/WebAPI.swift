import HTTPServer

/// The Web API entry: counting, faults, the URL length limit, the bearer token, then the
/// operation.
extension SimulatorState {
    /// Dataverse refuses longer GET URLs (dataverse.md "Reading many rows").
    static let maximumURLLength = 32_768

    mutating func handleWebAPI(
        organization name: String, resource: String, _ request: HTTPRequest, now: ContinuousClock.Instant
    ) -> HTTPResponse {
        guard organizations[name] != nil else {
            return DataverseError(status: 404, code: "", message: "d365-sim serves no organization named \(name).").response
        }
        let apiBase = linkBase(organization: name, host: request.headers["Host"]) + Self.apiPath
        let authorized = isAuthorized(request, organization: name, now: now)
        let urlLength = baseURL.utf8.count + request.target.utf8.count
        return organizations[name]!.answer(
            request, resource: resource, apiBase: apiBase, authorized: authorized, urlLength: urlLength, latency: latency, now: now)
    }

    /// The instance URL written into contexts and links. Dataverse writes its own host name
    /// there (which name and case is not documented, docs/dataverse.md review B6/S9); the simulator's
    /// own name is whichever the client reached it by (`Host`), written in lower case as DNS
    /// names compare case-insensitively (RFC 4343), on the port it listens on. Without a
    /// usable `Host` the simulator's base URL is used.
    private func linkBase(organization: String, host: String?) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-:[]")
        guard let host = host?.lowercased(), host.allSatisfy(allowed.contains),
              let colon = baseURL.lastIndex(of: ":"), let port = Int(baseURL[baseURL.index(after: colon)...])
        else { return instanceURL(organization) }
        // `[::1]:8080` → `[::1]`, `localhost:8080` → `localhost`.
        let name = host.hasPrefix("[") ? host.prefix { $0 != "]" } + "]" : String(host.prefix { $0 != ":" })
        guard !name.isEmpty, name != "[]" else { return instanceURL(organization) }
        return "http://\(name):\(port)/\(organization)"
    }

    private func isAuthorized(_ request: HTTPRequest, organization: String, now: ContinuousClock.Instant) -> Bool {
        guard let header = request.headers["Authorization"], header.lowercased().hasPrefix("bearer "),
            let token = tokens[String(header.dropFirst(7)).trimming(" ")], let current = organizations[organization]
        else { return false }
        return token.organization == organization && now < token.expiresAt && token.generation == current.tokenGeneration
    }
}

extension Organization {
    fileprivate mutating func answer(
        _ request: HTTPRequest, resource: String, apiBase: String, authorized: Bool, urlLength: Int,
        latency: Duration, now: ContinuousClock.Instant
    ) -> HTTPResponse {
        recordArrival(method: request.method, now: now)
        let fault = takeFault()
        if let fault, var canned = FaultResponses.canned(for: fault, apiBase: apiBase) {
            if fault.kind == .throttle { retryAfterUntil = now + .seconds(fault.retryAfterSeconds) }
            canned.delay += latency
            if canned.delay > .zero { recordAnswerDue(at: now + canned.delay) }
            return canned
        }
        var response: HTTPResponse
        if urlLength > SimulatorState.maximumURLLength {
            response = DataverseError(
                status: 414, code: "",
                message: "The request URL is \(urlLength) characters long; Dataverse accepts at most \(SimulatorState.maximumURLLength). (synthetic)"
            ).response
        } else if !authorized {
            response = HTTPResponse(
                status: 401,
                headers: [
                    "WWW-Authenticate":
                        "Bearer error=\"invalid_token\", error_description=\"The access token is missing, invalid or expired.\", authorization_uri=\"https://login.microsoftonline.com/\(settings.tenant)/oauth2/authorize\""
                ])
        } else {
            do {
                response = try route(request, resource: resource, WebAPIContext(apiBase: apiBase, request: request))
            } catch {
                response = error.response
            }
        }
        if let fault, fault.kind == .slow { response.delay = .milliseconds(fault.delayMilliseconds) }
        response.delay += latency
        if response.delay > .zero { recordAnswerDue(at: now + response.delay) }
        if dropNextResponse {
            dropNextResponse = false
            response.delivery = .closeWithoutAnswer
        }
        return response
    }

    mutating func route(_ request: HTTPRequest, resource: String, _ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        let method = request.method
        switch resource {
        case "$batch":
            try Self.require(method, "POST")
            return try batch(context)
        case "WhoAmI", "WhoAmI()":
            try Self.require(method, "GET")
            return try whoAmI(context)
        case "RetrieveVersion", "RetrieveVersion()":
            try Self.require(method, "GET")
            return try retrieveVersion(context)
        case "organizations":
            try Self.require(method, "GET")
            return try organizations(context)
        default:
            break
        }
        if resource.hasPrefix(Self.recordCountFunction + "(") {
            try Self.require(method, "GET")
            return try retrieveTotalRecordCount(resource, context)
        }
        if resource.hasPrefix("EntityDefinitions(") {
            try Self.require(method, "GET")
            return try metadata(resource, context)
        }
        let (segment, key) = try Self.splitKey(resource)
        guard let entity = EntityCatalog.bySetName(segment) else { throw .resourceNotFound(segment) }
        if method == "GET" { counters.reads[segment, default: 0] += 1 }
        guard let key else {
            switch method {
            case "GET": return try readCollection(entity, context)
            case "POST": return try createRow(entity, context)
            default: throw Self.methodNotAllowed(method)
            }
        }
        guard let id = GUID(key) else { throw .badQuery("Bad Request - Error in query syntax: '\(key)' is not a valid key for \(segment).") }
        switch method {
        case "GET": return try readRow(entity, id: id, context)
        case "PATCH": return try upsertRow(entity, id: id, context)
        case "DELETE": return try deleteRow(entity, id: id, context)
        default: throw Self.methodNotAllowed(method)
        }
    }

    /// `incidents(<id>)` → (`incidents`, `<id>`); `incidents` → (`incidents`, nil).
    private static func splitKey(_ resource: String) throws(DataverseError) -> (String, String?) {
        guard !resource.contains("/") else { throw .resourceNotFound(resource) }
        guard let open = resource.firstIndex(of: "(") else { return (resource, nil) }
        guard resource.hasSuffix(")") else { throw .resourceNotFound(resource) }
        return (String(resource[..<open]), String(resource[resource.index(after: open)..<resource.index(before: resource.endIndex)]))
    }

    private static func require(_ method: String, _ expected: String) throws(DataverseError) {
        guard method == expected else { throw methodNotAllowed(method) }
    }

    private static func methodNotAllowed(_ method: String) -> DataverseError {
        DataverseError(status: 405, code: "0x80060888", message: "The requested resource does not support http method '\(method)'.")
    }
}
