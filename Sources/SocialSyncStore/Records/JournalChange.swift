/// A journal row with the post and instance of its link: one line of `links changes`, all
/// a social tool needs to update that post's link badge.
public struct JournalChange: Sendable, Equatable {
    public var entry: JournalEntry
    public var postID: String
    public var instanceID: String

    public init(entry: JournalEntry, postID: String, instanceID: String) {
        self.entry = entry
        self.postID = postID
        self.instanceID = instanceID
    }
}
