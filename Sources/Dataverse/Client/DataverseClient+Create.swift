import Foundation
import SocialSyncCore

extension DataverseClient {
    /// Sends the plan's creates in order. Each step is create-only with a client-chosen id,
    /// so 204 and 412 both mean the row exists and a retry of the whole plan never duplicates
    /// (dataverse.md, "Writes that can be retried").
    public func create(_ plan: CreationPlan) async -> CreationOutcome {
        for step in plan.requests {
            guard let url = apiURL(step.path) else {
                return .rejected(table: step.table, evidence: VerdictEvidence(verdict: .malformed, isDefinitiveRefusal: true, detail: "not a valid path"))
            }
            let headers = step.headers.sorted { $0.key < $1.key }.map { HTTPHeader($0.key, $0.value) }
            let attempt = await execute(step.method, url, headers: headers, body: Data(step.body.rendered().utf8))
            if case .sent(.answered(status: 412, _, _, _)) = attempt { continue }
            switch attempt.classification {
            case .success:
                continue
            // A refused token or credential is the instance's problem, not the payload's: the
            // creation waits with backoff like during any outage and goes out once it is fixed.
            case let .failure(evidence) where evidence.isDefinitiveRefusal && evidence.verdict != .unauthorized:
                return .rejected(table: step.table, evidence: evidence)
            case let .failure(evidence):
                return .retryLater(evidence)
            }
        }
        return .created
    }
}
