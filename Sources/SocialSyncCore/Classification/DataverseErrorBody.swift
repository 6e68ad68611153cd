import Foundation

/// The Web API's error body `{"error":{"code":"0x…","message":"…"}}` (dataverse.md, "Requests").
///
/// The code is a hex string unrelated to the HTTP status and is often empty; error bodies
/// are not always JSON (front-door HTML, empty 401s), so parsing is best effort.
public struct DataverseErrorBody: Sendable, Equatable {
    /// Lower-cased, so comparisons with documented codes are exact; empty when absent.
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code.lowercased()
        self.message = message
    }

    /// Nil when the body is not a JSON object carrying an `error` object.
    public static func parse(_ body: Data) -> DataverseErrorBody? {
        guard let root = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
              let error = root["error"] as? [String: Any]
        else { return nil }
        return DataverseErrorBody(code: error["code"] as? String ?? "", message: error["message"] as? String ?? "")
    }
}
