/// One way the store disagrees with itself, found by `Store.checkConsistency()`.
public enum ConsistencyProblem: Sendable, Equatable, CustomStringConvertible {
    /// A line of `PRAGMA integrity_check` other than "ok": the file itself is damaged.
    case integrity(String)
    /// The link has no journal row at all.
    case missingJournal(linkID: Int64)
    /// The link's state or reason is not what its latest journal row says.
    case journalDisagrees(linkID: Int64, state: String, reason: String?, journalState: String, journalReason: String?)
    /// A journal row does not start where the previous row of its link ended (the first
    /// row of a link starts from nothing, shown as nil).
    case brokenChain(journalID: Int64, linkID: Int64, from: String?, previousTo: String?)
    /// More than one pending, active or errored link for one post.
    case severalCurrentLinks(postID: String, count: Int)

    public var description: String {
        switch self {
        case .integrity(let line): "integrity check: \(line)"
        case .missingJournal(let link): "link \(link) has no journal row"
        case .journalDisagrees(let link, let state, let reason, let journalState, let journalReason):
            "link \(link) is \(state) (\(reason ?? "no reason")) but its journal ends at \(journalState) (\(journalReason ?? "no reason"))"
        case .brokenChain(let journal, let link, let from, let previous):
            "journal row \(journal) of link \(link) starts from \(from ?? "nothing") but the previous row ends at \(previous ?? "nothing")"
        case .severalCurrentLinks(let post, let count): "post '\(post)' has \(count) current links"
        }
    }
}
