import Foundation
import SocialSyncCore
import Testing

@Suite("Verdict classification (dataverse.md, behaviour.md verdicts)")
struct VerdictClassifierTests {
    private func answer(_ status: Int, _ body: String, contentType: String? = "application/json", retryAfter: String? = nil) -> ExchangeSummary {
        .answered(status: status, retryAfter: retryAfter, contentType: contentType, body: Data(body.utf8))
    }

    private func verdict(_ summary: ExchangeSummary) -> Verdict? {
        guard case let .failure(evidence) = VerdictClassifier.classify(summary) else { return nil }
        return evidence.verdict
    }

    @Test("transport failures are down, a too large answer is malformed", arguments: TransportFailureKind.allCases)
    func transportFailures(kind: TransportFailureKind) {
        let expected: Verdict = switch kind {
        case .responseTooLarge: .malformed
        case .refusedByPolicy: .unauthorized
        default: .down
        }
        #expect(verdict(.failed(kind, detail: "x")) == expected)
    }

    @Test("5xx, 503 HTML and 408 are down", arguments: [500, 502, 503, 504, 408])
    func serverErrors(status: Int) {
        #expect(verdict(answer(status, #"{"error":{"code":"0x80040216","message":"boom"}}"#)) == .down)
        #expect(verdict(answer(status, "<html>down</html>", contentType: "text/html")) == .down)
    }

    @Test func htmlPageWithSuccessStatusIsDown() {
        #expect(verdict(answer(200, "<html>sign in</html>", contentType: "text/html; charset=utf-8")) == .down)
    }

    @Test func adminOnlyModeIsDownNotUnauthorized() {
        let body = #"{"error":{"code":"","message":"User does not have access the org when it is in Admin Only mode."}}"#
        guard case let .failure(evidence) = VerdictClassifier.classify(answer(403, body)) else { Issue.record("not a failure"); return }
        #expect(evidence.verdict == .down)
        #expect(evidence.detail.contains("maintenance"))
    }

    /// B9: the text is documented (PowerPlatform-DataverseServiceClient PR 360), the status is not.
    @Test("administration mode is down on any 4xx, recognised by its documented text", arguments: [400, 403, 404, 409])
    func n1_adminOnlyModeTextOnAny4xxIsDown(status: Int) {
        let body = #"{"error":{"code":"","message":"User does not have required privileges (or role membership) to access the org when it is in Admin Only mode."}}"#
        guard case let .failure(evidence) = VerdictClassifier.classify(answer(status, body)) else { Issue.record("not a failure"); return }
        #expect(evidence.verdict == .down)
        #expect(evidence.detail.contains("maintenance"))
    }

    @Test("0x8004a104 is expired whatever the status", arguments: [400, 403, 404, 500, 503])
    func disabledOrganization(status: Int) {
        let body = #"{"error":{"code":"0x8004A104","message":"The Dynamics 365 organization you are attempting to access is currently disabled."}}"#
        #expect(verdict(answer(status, body)) == .expired)
    }

    @Test func unauthorizedAnswers() {
        #expect(verdict(answer(401, "", contentType: nil)) == .unauthorized)
        #expect(verdict(answer(403, #"{"error":{"code":"0x80095ffc","message":"blocked"}}"#)) == .unauthorized)
        #expect(verdict(answer(403, #"{"error":{"code":"0x80040220","message":"no privilege"}}"#)) == .unauthorized)
    }

    @Test func throttledCarriesRetryAfterFromTheHeader() {
        let body = #"{"error":{"code":"0x80072322","message":"Number of requests exceeded the limit"}}"#
        guard case let .failure(evidence) = VerdictClassifier.classify(answer(429, body, retryAfter: "7")) else { Issue.record("not a failure"); return }
        #expect(evidence.verdict == .throttled)
        #expect(evidence.retryAfterSeconds == 7)
        #expect(evidence.errorCode == "0x80072322")
        #expect(RetryAfter.seconds("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
    }

    @Test func successLeavesTheBodyToTheCaller() {
        #expect(VerdictClassifier.classify(answer(200, "{}")) == .success(status: 200, body: Data("{}".utf8)))
        #expect(VerdictClassifier.classify(answer(204, "", contentType: nil)) == .success(status: 204, body: Data()))
    }

    @Test func otherClientErrorsAreDefinitiveButChangeNoLink() {
        guard case let .failure(evidence) = VerdictClassifier.classify(answer(400, #"{"error":{"code":"0x80048d19","message":"bad column"}}"#))
        else { Issue.record("not a failure"); return }
        #expect(evidence.verdict == .malformed)
        #expect(evidence.verdict.erroredReason == nil)
        #expect(evidence.isDefinitiveRefusal)
        #expect(evidence.detail.contains("0x80048d19"))
    }

    @Test func tokenEndpointErrors() {
        let invalidClient = answer(400, #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Trace ID: x","error_codes":[7000215]}"#)
        guard case let .failure(evidence) = TokenEndpointClassifier.classify(invalidClient) else { Issue.record("not a failure"); return }
        #expect(evidence.verdict == .unauthorized)
        #expect(evidence.errorCode == "invalid_client")
        #expect(evidence.detail.contains("7000215"))
        #expect(!evidence.detail.contains("Trace ID"))
        guard case let .failure(unreachable) = TokenEndpointClassifier.classify(.failed(.dns, detail: "no such host")) else { Issue.record("not a failure"); return }
        #expect(unreachable.verdict == .down)
        guard case let .failure(busy) = TokenEndpointClassifier.classify(answer(503, "", contentType: nil)) else { Issue.record("not a failure"); return }
        #expect(busy.verdict == .down)
    }
}
