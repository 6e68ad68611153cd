import HTTPServer

/// `POST $batch` (PA `webapi/execute-batch-operations-using-web-api`): a `multipart/mixed`
/// body of `application/http` requests, run in order, answered by a `multipart/mixed` body
/// of their responses in the same order, separated by a `batchresponse_<id>` boundary.
///
/// As documented: at most 1000 requests, no batch inside a batch; without
/// `Prefer: odata.continue-on-error` the first failing request ends the batch and its
/// status becomes the batch's, with it the failing part ("the error for that request will
/// be returned for the batch request and more requests won't be processed"); with it the
/// batch answers 200 and every part carries its own status. Each part is authorised by the
/// batch's own token, and its URL may be absolute or start at `/api/data/v9.2/`.
///
/// Made up (simulator limits or undocumented): only `GET` parts are run (change sets and
/// other methods answer 400), the parts answered before a failure without
/// `odata.continue-on-error` are kept in the answer, and the refusals' messages.
extension Organization {
    static let maximumBatchRequests = 1000

    mutating func batch(_ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        let request = context.request
        guard let boundary = MultipartMixed.boundary(ofContentType: request.headers["Content-Type"]),
              let parts = MultipartMixed.parts(request.body, boundary: boundary)
        else { throw .badQuery("The batch request must be multipart/mixed with a boundary and closed by its end delimiter. (d365-sim: synthetic message)") }
        guard parts.count <= Self.maximumBatchRequests else {
            throw .badQuery("The batch holds \(parts.count) requests; at most \(Self.maximumBatchRequests) are allowed. (d365-sim: synthetic message)")
        }
        let continueOnError = request.headers.values(for: "Prefer").contains { $0.lowercased().contains("odata.continue-on-error") }
        var answers: [HTTPResponse] = []
        for part in parts {
            let answer: HTTPResponse
            do {
                let inner = try innerRequest(part, batch: request, apiBase: context.apiBase)
                answer = try route(inner, resource: try resource(of: inner.path), WebAPIContext(apiBase: context.apiBase, request: inner))
            } catch {
                answer = error.response
            }
            counters.batchedRequests += 1
            answers.append(answer)
            if !continueOnError, answer.status >= 400 { break }
        }
        let responseBoundary = "batchresponse_" + GUID(derivedFrom: "\(name)/batch/\(counters.requests)").description
        let failed = continueOnError ? nil : answers.last.map(\.status).flatMap { $0 >= 400 ? $0 : nil }
        return HTTPResponse(
            status: failed ?? 200,
            headers: ["Content-Type": "multipart/mixed; boundary=\(responseBoundary)", "OData-Version": "4.0"],
            body: MultipartMixed.body(answers.map(Self.message), boundary: responseBoundary))
    }

    /// The request inside one part, its target made relative to the simulator and the
    /// batch's `Authorization` added (the batch was authorised as a whole).
    private func innerRequest(_ part: MultipartMixed.Part, batch: HTTPRequest, apiBase: String) throws(DataverseError) -> HTTPRequest {
        guard part.headers["Content-Type"]?.lowercased().hasPrefix("application/http") == true else {
            throw .badQuery("Each batch part must be Content-Type: application/http; change sets are not supported by d365-sim. (d365-sim: synthetic message)")
        }
        // The request line's target made relative first: the parser takes origin-form only.
        let lineEnd = part.content.firstIndex(of: UInt8(ascii: "\r")) ?? part.content.endIndex
        var words = String(decoding: part.content[..<lineEnd], as: UTF8.self).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.count == 3 { words[1] = Self.relativeTarget(words[1], apiBase: apiBase) }
        // A part's last line break belongs to the delimiter after it (RFC 2046 §5.1.1), so a
        // GET written without the extra blank line of Microsoft's examples ends one short.
        let content = Array(words.joined(separator: " ").utf8) + part.content[lineEnd...] + Array("\r\n".utf8)
        guard case .complete(var inner, _) = parseHTTPRequest(content[...]) else {
            throw .badQuery("A batch part does not hold a well-formed HTTP request. (d365-sim: synthetic message)")
        }
        guard inner.method == "GET" else {
            throw .badQuery("d365-sim runs only GET requests inside a batch, not \(inner.method). (d365-sim: synthetic message)")
        }
        if let authorization = batch.headers["Authorization"] { inner.headers.set("Authorization", authorization) }
        return inner
    }

    /// `http://host:port/<org>/api/data/v9.2/x` → `/<org>/api/data/v9.2/x`; a target that
    /// starts at `/api/data/v9.2/` (Microsoft's examples) is taken as this organization's.
    private static func relativeTarget(_ target: String, apiBase: String) -> String {
        var relative = target
        if let scheme = relative.range(of: "://") {
            let afterAuthority = relative[scheme.upperBound...].firstIndex(of: "/") ?? relative.endIndex
            relative = String(relative[afterAuthority...])
        }
        if relative.hasPrefix(SimulatorState.apiPath), let scheme = apiBase.range(of: "://"),
           let pathStart = apiBase[scheme.upperBound...].firstIndex(of: "/")
        {
            relative = String(apiBase[pathStart...].dropLast(SimulatorState.apiPath.count)) + relative
        }
        return relative
    }

    /// What follows this organization's `/<org>/api/data/v9.2/` in `path`.
    private func resource(of path: String) throws(DataverseError) -> String {
        let prefix = "/" + name + SimulatorState.apiPath
        guard path.hasPrefix(prefix) else { throw .resourceNotFound(path) }
        return String(path.dropFirst(prefix.count))
    }

    /// One response as the `application/http` content of a batch part.
    private static func message(_ response: HTTPResponse) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status) \(HTTPStatus.reasonPhrase(response.status))\r\n"
        for field in response.headers { head += "\(field.name): \(field.value)\r\n" }
        return Array((head + "\r\n").utf8) + response.body
    }
}
