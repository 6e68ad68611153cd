import SocialSyncCore

/// A Web API operation failed; the evidence carries the verdict, status and error code.
public struct DataverseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was attempted, e.g. `EntityDefinitions(LogicalName='incident')`.
    public var operation: String
    public var evidence: VerdictEvidence

    public init(operation: String, evidence: VerdictEvidence) {
        self.operation = operation
        self.evidence = evidence
    }

    public var description: String { "\(operation): \(evidence)" }
}
