import Foundation
import SocialSyncCore

/// What one health poll observed about an instance: the daemon's own columns only.
///
/// The administrator owns `enabled`, `deleted`, `default`, the URL and the credentials; a
/// probe takes seconds, and writing a copy of the whole row read before it would undo an
/// `instances disable` or `instances delete` made meanwhile. So a probe is recorded as
/// this value, by one targeted update that never names those columns.
public struct ProbeRecord: Sendable, Equatable {
    /// The verdict the instance is held to after flap control.
    public var verdict: Verdict
    /// The answer seen on recent polls that has not taken effect yet.
    public var pendingStreak: Streak<Verdict>?
    public var checkedAt: Date
    /// The organization id learned so far (R1); nil keeps the stored one.
    public var organizationID: String?
    /// Whether the instance answered as another organization; nil keeps the stored mark,
    /// since only an answer naming an organization settles R1.
    public var organizationMismatch: Bool?
    /// nil keeps the stored language: a failed language query is not a change of language.
    public var language: String?
    /// The end of a 429's Retry-After; nil clears it.
    public var throttledUntil: Date?

    public init(
        verdict: Verdict, pendingStreak: Streak<Verdict>?, checkedAt: Date, organizationID: String? = nil,
        organizationMismatch: Bool? = nil, language: String? = nil, throttledUntil: Date? = nil
    ) {
        self.verdict = verdict
        self.pendingStreak = pendingStreak
        self.checkedAt = checkedAt
        self.organizationID = organizationID
        self.organizationMismatch = organizationMismatch
        self.language = language
        self.throttledUntil = throttledUntil
    }
}
