import HTTPServer

/// The answers an injected fault gives instead of the real one. Statuses, codes and
/// messages follow dataverse.md. Where Microsoft publishes no recorded body (disabled
/// organization, administration mode, app blocked, 502/504 from the front door) the body
/// below is synthetic, built from the documented text and code.
enum FaultResponses {
    /// The canned answer for faults that replace the request's processing; nil for faults
    /// that act on the real answer (`slow`) or elsewhere (`revoke`).
    static func canned(for fault: Fault, apiBase: String) -> HTTPResponse? {
        switch fault.kind {
        case .down:
            return HTTPResponse(
                status: 503, contentType: "text/html",
                body: "<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>The service is temporarily unavailable. Please try again later.</p></body></html>")
        case .http500:
            return error(500, code: "0x80040216", "An unexpected error occurred.")
        case .http502:
            return error(502, code: "", "Bad Gateway: the front end received an invalid response from the organization's server. (synthetic)")
        case .http504:
            return error(504, code: "", "The request timed out while the organization's server was processing it. (synthetic)")
        case .maintenance:
            // The text of PowerPlatform-DataverseServiceClient PR 360; the status (403, as in reports)
            // and the empty code are made up: neither is documented.
            return error(403, code: "", "User does not have required privileges (or role membership) to access the org when it is in Admin Only mode.")
        case .disabled, .expired:
            return error(
                403, code: "0x8004a104",
                "The Dynamics 365 organization you are attempting to access is currently disabled. Please contact your system administrator")
        case .throttle:
            var response = error(429, code: "0x80072322", "Number of requests exceeded the limit of 6000 over time window of 300 seconds.")
            response.headers.set("Retry-After", String(fault.retryAfterSeconds))
            return response
        case .appBlocked:
            return error(403, code: "0x80095ffc", "The application is blocked from accessing this organization's Web API. (synthetic)")
        case .reset:
            var response = plausiblePage(apiBase: apiBase)
            response.delivery = .closeAfterSending(byteCount: 30)
            return response
        case .truncated:
            var response = plausiblePage(apiBase: apiBase)
            response.delivery = .closeAfterDeclaring(contentLength: response.body.count + 4096)
            return response
        case .malformed:
            return HTTPResponse(status: 200, contentType: "application/json", body: "{\"value\":[{")
        case .wrongShape:
            return HTTPResponse(status: 200, contentType: "application/json", body: "{\"unexpected\":true}")
        case .huge:
            return hugeBody(size: fault.sizeBytes)
        case .refuse:
            return HTTPResponse(status: 500, delivery: .closeWithoutAnswer)
        case .slow, .revoke:
            return nil
        }
    }

    private static func error(_ status: Int, code: String, _ message: String) -> HTTPResponse {
        DataverseError(status: status, code: code, message: message).response
    }

    /// A well-formed page to cut short, so the client's failure comes from the transport.
    private static func plausiblePage(apiBase: String) -> HTTPResponse {
        let row = JSONValue.object([("@odata.etag", .string("W/\"1\"")), ("activityid", .string(GUID(kind: 0, index: 1).description))])
        return ODataResponse.json(
            status: 200,
            .object([
                ("@odata.context", .string(apiBase + "$metadata#socialactivities")),
                ("value", .array(Array(repeating: row, count: 20))),
            ]))
    }

    /// Valid JSON of (at least the smaller of `size` and) exactly `size` bytes: one row
    /// whose column is padding.
    private static func hugeBody(size: Int) -> HTTPResponse {
        let prefix = Array("{\"value\":[{\"padding\":\"".utf8)
        let suffix = Array("\"}]}".utf8)
        let padding = max(0, size - prefix.count - suffix.count)
        var body = prefix
        body.reserveCapacity(prefix.count + padding + suffix.count)
        body += repeatElement(UInt8(ascii: "x"), count: padding)
        body += suffix
        return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: body)
    }
}
