/// Where a link between a post and a Dynamics 365 record stands.
///
/// A post has at most one link in a *current* state (`pending`, `active`, `errored`);
/// the other states are final for that link, and the post may be linked again.
public enum LinkState: String, Sendable, CaseIterable, Codable {
    case pending, active, errored, broken, unlinked, removed
    /// The instance refused the creation for good (R8a); the post may be linked again.
    case failed

    /// A current link occupies its post: the post is not available for linking (behaviour.md, "Things").
    public var isCurrent: Bool {
        switch self {
        case .pending, .active, .errored: true
        case .broken, .unlinked, .removed, .failed: false
        }
    }
}
