import Foundation

/// Turns one Web API exchange into a verdict, exactly as dataverse.md ("Requests",
/// "Health and organization state") and behaviour.md ("Instance health verdicts") say.
///
/// The status is looked at before the body: bodies of failed answers are not always JSON.
/// A 401 reaching this function has already survived the client's one token refresh.
public enum VerdictClassifier {
    /// Organization disabled, including an expired trial or subscription (dataverse.md,
    /// "Health and organization state"). Public reports do not show its status: matched on any status.
    public static let organizationDisabledCode = "0x8004a104"
    /// Application blocked from the Web API (dataverse.md, "Health and organization state").
    public static let applicationBlockedCode = "0x80095ffc"
    /// Administration mode has no documented code or status; Microsoft's own client recognises
    /// the text, "User does not have required privileges (or role membership) to access the org
    /// when it is in Admin Only mode." (PowerPlatform-DataverseServiceClient PR 360, cited in dataverse.md).
    public static let adminOnlyModeText = "Admin Only mode"

    public static func classify(_ summary: ExchangeSummary) -> ExchangeClassification {
        switch summary {
        case let .failed(kind, detail):
            return .failure(classifyFailure(kind, detail: detail))
        case let .answered(status, retryAfter, contentType, body):
            return classifyAnswer(status: status, retryAfter: retryAfter, contentType: contentType, body: body)
        }
    }

    /// For a 2xx answer whose body is not what the request asked for (behaviour.md: malformed).
    public static func malformed(status: Int, _ cause: String) -> VerdictEvidence {
        VerdictEvidence(verdict: .malformed, status: status, detail: "HTTP \(status): \(cause)")
    }

    private static func classifyFailure(_ kind: TransportFailureKind, detail: String) -> VerdictEvidence {
        switch kind {
        // behaviour.md, "down": connection refused, DNS or TLS failure, timeout; a reset or
        // partial answer is the same outage seen mid-transfer.
        case .connectRefused, .dns, .tls, .timeout, .reset, .other:
            return VerdictEvidence(verdict: .down, detail: "\(kind.rawValue): \(detail)")
        // An answer too large to read is an answer that cannot be parsed (behaviour.md,
        // "malformed", ours): it changes no link state.
        case .responseTooLarge:
            return VerdictEvidence(verdict: .malformed, detail: "\(kind.rawValue): \(detail)")
        // Only a misconfigured URL gets here (configuration refuses it first); retrying will
        // not help, and no link state should hang on it: unauthorized to send there.
        case .refusedByPolicy:
            return VerdictEvidence(verdict: .unauthorized, isDefinitiveRefusal: true, detail: "\(kind.rawValue): \(detail)")
        }
    }

    private static func classifyAnswer(status: Int, retryAfter: String?, contentType: String?, body: Data) -> ExchangeClassification {
        let isHTML = contentType?.lowercased().contains("text/html") ?? false
        // PA `api-limits`: 429 with Retry-After in seconds, whatever the body.
        if status == 429 {
            let error = DataverseErrorBody.parse(body)
            return .failure(VerdictEvidence(
                verdict: .throttled, status: status, errorCode: error?.code, retryAfterSeconds: RetryAfter.seconds(retryAfter),
                detail: line(status: status, error: error, cause: "throttled, Retry-After \(retryAfter ?? "absent")")))
        }
        if (200..<300).contains(status) {
            // dataverse.md, "Requests": the front door answers with HTML pages; a page is not the API.
            if isHTML {
                return .failure(VerdictEvidence(verdict: .down, status: status, detail: "HTTP \(status): HTML page instead of the Web API"))
            }
            return .success(status: status, body: body)
        }
        let error = isHTML ? nil : DataverseErrorBody.parse(body)
        // dataverse.md, "Health and organization state": disabled or expired organization, any status.
        if error?.code == organizationDisabledCode {
            return .failure(VerdictEvidence(verdict: .expired, status: status, errorCode: error?.code, detail: line(status: status, error: error, cause: "organization disabled")))
        }
        // dataverse.md, "Health and organization state": 503, other 5xx and front-door HTML pages → down.
        // 408 is the server's own request timeout, the same as ours.
        if status >= 500 || status == 408 || isHTML {
            return .failure(VerdictEvidence(verdict: .down, status: status, errorCode: error?.code, detail: line(status: status, error: error, cause: isHTML ? "HTML page" : "service unavailable")))
        }
        // dataverse.md: administration mode is recognised by its text only (PR 360 documents the
        // text, not the status: a 403 in reports) → down (maintenance), on any 4xx.
        if (400..<500).contains(status), let message = error?.message, message.localizedCaseInsensitiveContains(adminOnlyModeText) {
            return .failure(VerdictEvidence(verdict: .down, status: status, errorCode: error?.code, detail: line(status: status, error: error, cause: "maintenance (administration mode)")))
        }
        switch status {
        case 401:
            // dataverse.md: a 401 that survives one token refresh → unauthorized.
            return .failure(VerdictEvidence(verdict: .unauthorized, status: status, errorCode: error?.code, detail: line(status: status, error: error, cause: "token rejected after refresh")))
        case 403:
            // dataverse.md: 403 0x80095ffc (app blocked) → unauthorized; behaviour.md: any other
            // 401/403 that is not expiry (privileges removed, app user disabled) → unauthorized.
            let cause = error?.code == applicationBlockedCode ? "application blocked" : "access denied"
            return .failure(VerdictEvidence(verdict: .unauthorized, status: status, errorCode: error?.code, detail: line(status: status, error: error, cause: cause)))
        default:
            // Other 3xx/4xx (redirects are not followed; 400, 404, 412, …): an answer about this
            // request that gives no health evidence. Inferred: malformed changes no link state
            // (N1), and the request itself will fail again unchanged for a 4xx.
            return .failure(VerdictEvidence(
                verdict: .malformed, status: status, errorCode: error?.code, isDefinitiveRefusal: (400..<500).contains(status),
                detail: line(status: status, error: error, cause: "unexpected answer")))
        }
    }

    /// One log line; messages are Microsoft's error texts, which hold no secret or post text.
    static func line(status: Int, error: DataverseErrorBody?, cause: String) -> String {
        var text = "HTTP \(status): \(cause)"
        if let error, !error.code.isEmpty { text += " [\(error.code.prefix(40))]" }
        if let message = error?.message, !message.isEmpty { text += " \(message.prefix(300))" }
        return text
    }
}
