import HTTPServer

/// A Web API failure rendered the way Dataverse renders it: the status plus
/// `{"error":{"code":"0x…","message":"…"}}`.
struct DataverseError: Error, Equatable {
    var status: Int
    var code: String
    var message: String
    var headers: HTTPHeaders = HTTPHeaders()

    /// Query and payload errors (OData parser), Dataverse's catch-all 400 code.
    static func badQuery(_ message: String) -> DataverseError {
        DataverseError(status: 400, code: "0x80060888", message: message)
    }

    static func rowMissing(entity: String, id: GUID) -> DataverseError {
        DataverseError(status: 404, code: "0x80040217", message: "\(entity) With Id = \(id) Does Not Exist")
    }

    static func resourceNotFound(_ segment: String) -> DataverseError {
        DataverseError(status: 404, code: "0x80060888", message: "Resource not found for the segment '\(segment)'.")
    }

    init(status: Int, code: String, message: String, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    init(_ error: ODataError) {
        self = .badQuery(error.message)
    }

    var response: HTTPResponse {
        var response = ODataResponse.json(
            status: status, .object([("error", .object([("code", .string(code)), ("message", .string(message))]))]))
        for field in headers { response.headers.set(field.name, field.value) }
        return response
    }
}

/// Builders for the JSON answers the Web API and the admin API give.
enum ODataResponse {
    static func json(status: Int, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: ["Content-Type": "application/json; odata.metadata=minimal", "OData-Version": "4.0"],
            body: value.serialized())
    }

    static func noContent(headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var response = HTTPResponse(status: 204, headers: headers)
        response.headers.set("OData-Version", "4.0")
        return response
    }

    /// The admin API's plain JSON (no OData headers).
    static func admin(status: Int, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: value.serialized())
    }

    static func adminError(_ error: SimulatorError) -> HTTPResponse {
        admin(status: error.status, .object([("error", .string(error.description))]))
    }
}
