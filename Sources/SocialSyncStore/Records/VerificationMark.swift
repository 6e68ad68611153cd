import Foundation

/// Where an instance's verification stands, so an incremental pass knows what it may skip.
public struct VerificationMark: Sendable, Equatable {
    /// When the last full verification started (the next one is due an interval later).
    public var fullPassAt: Date
    /// Every link with an id up to this one has been verified at least once.
    public var verifiedThroughLinkID: Int64

    public init(fullPassAt: Date, verifiedThroughLinkID: Int64) {
        self.fullPassAt = fullPassAt
        self.verifiedThroughLinkID = verifiedThroughLinkID
    }
}
