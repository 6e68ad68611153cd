import Foundation

/// Turns a failed exchange with the Entra ID token endpoint into a verdict
/// (Entra ID `identity-platform/v2-oauth2-client-creds-grant-flow`, cited in dataverse.md "Tokens").
///
/// Only the `error` name and the AADSTS numbers are kept: `error_description` carries trace
/// and correlation ids and is free text, so it stays out of logs.
public enum TokenEndpointClassifier {
    public static func classify(_ summary: ExchangeSummary) -> ExchangeClassification {
        guard case let .answered(status, _, contentType, body) = summary, (400..<500).contains(status), status != 429 else {
            // Transport failures, 5xx and 429 mean the same from the token endpoint as from the Web API.
            return VerdictClassifier.classify(summary)
        }
        let isHTML = contentType?.lowercased().contains("text/html") ?? false
        let root = isHTML ? nil : (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let error = root?["error"] as? String
        let codes = (root?["error_codes"] as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue } ?? []
        // Bounded: the detail becomes a log line, and the body is the remote side's to choose.
        var detail = "token endpoint HTTP \(status): \(error.map { String($0.prefix(100)) } ?? "no error name")"
        if !codes.isEmpty { detail += " AADSTS" + codes.prefix(5).map(String.init).joined(separator: ",") }
        // dataverse.md, "Health and organization state": 400 invalid_client / unauthorized_client
        // → unauthorized. Inferred for every other 4xx (invalid_scope for a wrong instance URL,
        // invalid_grant, missing consent): RFC 6749 §5.2 errors that retrying will not heal,
        // the same operator problem.
        return .failure(VerdictEvidence(verdict: .unauthorized, status: status, errorCode: error, isDefinitiveRefusal: true, detail: detail))
    }
}
