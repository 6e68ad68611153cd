/// What a Social Engagement user does to a link (R7, R23).
public enum UserActions {
    /// R7: the current link becomes unlinked and the post is available again. Nothing is
    /// sent to Dynamics 365 (N2): the record and the social activity stay where they are.
    /// A pending creation is cancelled the same way.
    public static func unlink(_ link: Link) throws(AdministrationError) -> Transition {
        guard link.state.isCurrent else { throw .noCurrentLink(post: link.postID) }
        return Transition(to: .unlinked, reason: .unlinkedByUser)
    }
}
