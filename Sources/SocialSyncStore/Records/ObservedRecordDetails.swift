import Foundation
import SocialSyncCore

/// A linked record's details (R16) as the last verification that read them found them.
public struct ObservedRecordDetails: Sendable, Equatable {
    public var details: RecordDetails
    /// When socialsync read them.
    public var observedAt: Date

    public init(details: RecordDetails, observedAt: Date) {
        self.details = details
        self.observedAt = observedAt
    }
}
