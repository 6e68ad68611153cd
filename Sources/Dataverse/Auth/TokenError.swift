import SocialSyncCore

/// No token could be had. The evidence says which verdict that stands for (an `invalid_client`
/// answer is unauthorized, an unreachable endpoint is down); it never holds the secret.
public struct TokenError: Error, Sendable, Equatable, CustomStringConvertible {
    public var evidence: VerdictEvidence

    public init(evidence: VerdictEvidence) {
        self.evidence = evidence
    }

    public var description: String { "token request failed: \(evidence)" }
}
