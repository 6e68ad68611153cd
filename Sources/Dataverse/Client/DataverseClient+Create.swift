import Foundation
import SocialSyncCore

extension DataverseClient {
    /// Carries out a creation plan (R8): looks up the author's profile, then sends the
    /// creates its answer calls for, in order. Each create has a client-chosen id and only
    /// creates, so a retry of the whole plan never duplicates (dataverse.md, "Writes that
    /// can be retried").
    public func create(_ plan: CreationPlan) async -> CreationOutcome {
        let author: AuthorProfile
        switch await lookUpAuthor(plan.profileLookup) {
        case .found(let found): author = found
        case .ended(let outcome): return outcome
        }
        let steps: [CreationRequest]
        do {
            steps = try plan.writes(for: author)
        } catch {
            let refusal = VerdictEvidence(verdict: .malformed, isDefinitiveRefusal: true, detail: error.description)
            return .rejected(table: plan.tables.record.logicalName, evidence: refusal)
        }
        for step in steps {
            if let ended = await send(step) { return ended }
        }
        return .created
    }

    /// A lookup is a read: what it cannot answer says nothing about the creation, unless
    /// the instance refuses the query itself for good.
    private func lookUpAuthor(_ lookup: CreationRequest) async -> AuthorLookup {
        guard let url = apiURL(lookup.path) else { return .ended(Self.invalidPath(lookup)) }
        let headers = lookup.headers.sorted { $0.key < $1.key }.map { HTTPHeader($0.key, $0.value) }
        switch await execute(lookup.method, url, headers: headers).classification {
        case let .success(status, body):
            guard let root = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
                  let author = ProfileLookupAnswer.author(root, key: lookup.keyColumn)
            else { return .ended(.retryLater(VerdictClassifier.malformed(status: status, "profile lookup: not a page of profiles"))) }
            return .found(author)
        case let .failure(evidence):
            return .ended(Self.outcome(of: evidence, table: lookup.table))
        }
    }

    private enum AuthorLookup {
        case found(AuthorProfile)
        case ended(CreationOutcome)
    }

    /// Sends one create; nil when the row exists afterwards.
    ///
    /// A 412 does not prove the row exists: Dataverse also answers 412 `0x80040237` when an
    /// alternate key collides and nothing was created (dataverse.md, "412 has two meanings"),
    /// so the row is read back: 200 done, 404 refused, anything else undecided.
    private func send(_ step: CreationRequest) async -> CreationOutcome? {
        guard let url = apiURL(step.path) else { return Self.invalidPath(step) }
        let headers = step.headers.sorted { $0.key < $1.key }.map { HTTPHeader($0.key, $0.value) }
        let attempt = await execute(step.method, url, headers: headers, body: step.body.map { Data($0.rendered().utf8) })
        switch attempt.classification {
        case .success:
            return nil
        case let .failure(evidence) where evidence.status == 412:
            return await confirmExisting(step, conflict: evidence)
        case let .failure(evidence):
            return Self.outcome(of: evidence, table: step.table)
        }
    }

    private func confirmExisting(_ step: CreationRequest, conflict: VerdictEvidence) async -> CreationOutcome? {
        guard let url = apiURL(step.confirmationPath) else { return Self.invalidPath(step) }
        switch await execute("GET", url).classification {
        case .success:
            return nil
        case let .failure(evidence) where evidence.status == 404:
            var refusal = conflict
            refusal.isDefinitiveRefusal = true
            refusal.detail = "\(conflict.detail) (row \(step.path) does not exist: another row has the same key values)"
            return .rejected(table: step.table, evidence: refusal)
        case let .failure(evidence):
            return .retryLater(evidence)
        }
    }

    /// A definitive refusal ends the creation (R8a); a refused token or credential is the
    /// instance's problem, not the payload's, so the creation waits like during any outage.
    private static func outcome(of evidence: VerdictEvidence, table: String) -> CreationOutcome {
        evidence.isDefinitiveRefusal && evidence.verdict != .unauthorized ? .rejected(table: table, evidence: evidence) : .retryLater(evidence)
    }

    private static func invalidPath(_ step: CreationRequest) -> CreationOutcome {
        .rejected(table: step.table, evidence: VerdictEvidence(verdict: .malformed, isDefinitiveRefusal: true, detail: "not a valid path: \(step.path)"))
    }
}
