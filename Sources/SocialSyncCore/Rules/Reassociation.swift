import struct Foundation.URL

/// Re-association of a deleted instance (R9, R30, R31).
public enum Reassociation {
    /// R9: a new connection re-associates a deleted one of the same organization: by
    /// organization id when both are known, else by URL (scheme, host and path, ignoring
    /// case and a trailing slash).
    public static func isSameOrganization(url: URL, organizationID: String?, as deleted: Instance) -> Bool {
        guard deleted.isDeleted else { return false }
        if let organizationID, let known = deleted.organizationID {
            return organizationID.lowercased() == known.lowercased()
        }
        return normalized(url) == normalized(deleted.url)
    }

    /// R30 vs R31: a link removed by the deletion is a candidate for restoration only when
    /// the post has not been linked again since. Link ids grow with time, so "since" is
    /// "a link of the same post with a greater id", whatever became of that newer link.
    public static func isCandidate(_ link: Link, newestLinkIDOfPost: Int64) -> Bool {
        link.state == .removed && link.reason == .instanceDeleted && newestLinkIDOfPost == link.id
    }

    /// R30: a candidate comes back `active` (restored) when its social activity still exists
    /// in the re-associated instance; when the instance definitively answers that it does
    /// not (confirmed like any negative answer), the link stays removed with reason
    /// activity_deleted. An unknown answer waits. If the post was re-linked meanwhile (R31)
    /// the candidate is dropped without any change.
    public static func restoration(
        of link: Link, postLinkedSince: Bool, activity: ActivityObservation,
        streak: Streak<LinkReason>?, confirmations: Int
    ) -> (effect: LinkEffect, streak: Streak<LinkReason>?, settled: Bool) {
        if postLinkedSince || link.state != .removed { return (.keep, nil, true) }
        switch activity {
        case .unknown:
            return (.keep, streak, false)
        case .exists:
            return (.transition(Transition(to: .active, reason: .restored)), nil, true)
        case .missing:
            let next = Streak.after(streak, answer: LinkReason.activityDeleted)
            guard next.isConfirmed(required: confirmations) else { return (.keep, next, false) }
            return (.transition(Transition(to: .removed, reason: .activityDeleted)), nil, true)
        }
    }

    /// The stored form (`InstanceURL`), compared without regard to case; a URL stored
    /// before normalisation existed and refused by it is compared as it is.
    static func normalized(_ url: URL) -> String {
        ((try? InstanceURL.normalized(url.absoluteString)) ?? url).absoluteString.lowercased()
    }
}
