import SocialSyncCore

/// What sending a `CreationPlan` achieved.
public enum CreationOutcome: Sendable, Equatable {
    /// Every row exists: each step answered 204 (created) or 412 (created by an earlier try).
    case created
    /// Nothing definitive: outage, throttling, an unusable answer. Send the same plan again later.
    case retryLater(VerdictEvidence)
    /// The instance refused a step for good (a 4xx about the request): `table` names the step.
    case rejected(table: String, evidence: VerdictEvidence)
}
