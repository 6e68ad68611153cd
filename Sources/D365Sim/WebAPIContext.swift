import HTTPServer

/// What every Web API handler needs to know about the request it answers.
struct WebAPIContext {
    /// `http://127.0.0.1:PORT/<org>/api/data/v9.2/`, the prefix of contexts and links.
    let apiBase: String
    let request: HTTPRequest
    let preferences: ODataPreferences

    init(apiBase: String, request: HTTPRequest) {
        self.apiBase = apiBase
        self.request = request
        preferences = ODataPreferences(headerValues: request.headers.values(for: "Prefer"))
    }

    /// Refuses query options the simulator does not implement, instead of ignoring them
    /// and answering something the client did not ask for.
    func checkQueryOptions(allowed: Set<String>) throws(DataverseError) {
        for item in request.queryItems where !item.name.hasPrefix("@") && !allowed.contains(item.name) {
            throw DataverseError(ODataError.unsupported("The query parameter '\(item.name)' is not supported here"))
        }
    }

    /// `@p1=...` parameter aliases from the query string.
    var aliases: [String: String] {
        var aliases: [String: String] = [:]
        for item in request.queryItems where item.name.hasPrefix("@") { aliases[item.name] = item.value }
        return aliases
    }

    /// Echoes the preferences that shaped the answer, as Dataverse does.
    func preferenceApplied(pageSize: Bool) -> HTTPHeaders {
        var applied: [String] = []
        if pageSize && preferences.pageSizeRequested { applied.append("odata.maxpagesize=\(preferences.maxPageSize)") }
        if !preferences.annotationPatterns.isEmpty {
            applied.append("odata.include-annotations=\"\(preferences.annotationPatterns.joined(separator: ","))\"")
        }
        var headers = HTTPHeaders()
        if !applied.isEmpty { headers.set("Preference-Applied", applied.joined(separator: ",")) }
        return headers
    }
}
