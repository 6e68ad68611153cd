import SocialSyncCore

/// What carrying out a `CreationPlan` achieved.
public enum CreationOutcome: Sendable, Equatable {
    /// Every row exists: each create answered 2xx, or 412 and the row was read back.
    case created
    /// Nothing definitive: outage, throttling, refused credentials, an unusable answer, an
    /// undecided 412. Send the same plan again later.
    case retryLater(VerdictEvidence)
    /// The instance refused a step for good (a 4xx about the request, or a 412 whose row
    /// does not exist): `table` names the step. The creation ends (R8a).
    case rejected(table: String, evidence: VerdictEvidence)
}
