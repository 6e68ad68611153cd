import SocialSyncCore

extension LinkRepository where Access == WriteAccess {
    /// R9 with R30/R31: the links the deletion of `deletedInstanceID` removed wait for R30's
    /// check (`restore_pending`) unless their post was linked again since (R31: left as
    /// they are). With `adoptingInstanceID` they also move to that instance: the
    /// organization came back under a connection of another id and URL, recognised by its
    /// organization id once polled. Returns how many wait and how many were left.
    public func markRestorable(removedWith deletedInstanceID: String, adoptedBy adoptingInstanceID: String? = nil) throws -> (restorable: Int, relinked: Int) {
        var candidates: [Int64] = []
        var relinked = 0
        try forEach(LinkFilter(state: .removed, instanceID: deletedInstanceID, reason: .instanceDeleted)) { link in
            let newest = try newestLinkID(ofPost: link.postID) ?? link.id
            if Reassociation.isCandidate(link, newestLinkIDOfPost: newest) {
                candidates.append(link.id)
            } else {
                relinked += 1
            }
        }
        for linkID in candidates {
            if let adoptingInstanceID {
                try database().run("UPDATE links SET instance_id = ? WHERE id = ?", .text(adoptingInstanceID), .integer(linkID))
            }
            try setRestorePending(linkID, true)
        }
        return (candidates.count, relinked)
    }
}
