import Foundation
import SocialSyncCore

extension DataverseClient {
    /// Polls the instance's health: `WhoAmI` for the organization id, then the organization's
    /// language (dataverse.md, "Health and organization state").
    public func probe() async -> InstanceProbe {
        let organizationID: String
        switch await read("WhoAmI", parse: ProbeAnswers.organizationID) {
        case let .success(id): organizationID = id
        case let .failure(error): return Self.failedProbe(error, phase: "WhoAmI")
        }
        // The language is details, not health: WhoAmI alone decides the verdict, so an
        // organization that does not answer this query is still verified (R11-R14).
        let language = await read("organizations?$select=languagecode", parse: ProbeAnswers.languageCode)
        return InstanceProbe(
            verdict: .healthy, organizationID: organizationID, language: (try? language.get()).map(String.init),
            detail: "WhoAmI answered")
    }

    private static func failedProbe(_ error: DataverseError, phase: String) -> InstanceProbe {
        InstanceProbe(verdict: error.evidence.verdict, retryAfterSeconds: error.evidence.retryAfterSeconds, detail: "\(phase): \(error.evidence.detail)")
    }

    /// GETs `relative` and reads its JSON object with `parse`; a 2xx answer `parse` cannot
    /// read is malformed (behaviour.md, "malformed").
    func read<Value>(_ relative: String, parse: ([String: Any]) -> Value?) async -> Result<Value, DataverseError> {
        guard let url = apiURL(relative) else {
            return .failure(DataverseError(operation: relative, evidence: VerdictEvidence(verdict: .malformed, isDefinitiveRefusal: true, detail: "not a valid URL")))
        }
        switch await execute("GET", url).classification {
        case let .failure(evidence):
            return .failure(DataverseError(operation: relative, evidence: evidence))
        case let .success(status, body):
            guard let root = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any], let value = parse(root) else {
                return .failure(DataverseError(operation: relative, evidence: VerdictClassifier.malformed(status: status, "body is not the expected JSON")))
            }
            return .success(value)
        }
    }
}
