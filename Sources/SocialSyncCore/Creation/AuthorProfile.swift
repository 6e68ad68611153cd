/// What the instance knows of a post's author: the answer to the creation's profile lookup.
/// One social profile per author and community, tied to the author's contact (dataverse.md,
/// "Creating records the way Dataverse accepts them").
public enum AuthorProfile: Sendable, Equatable {
    /// No profile for this community and handle: the creation makes a contact and a profile.
    case notFound
    /// The author's existing profile and the customer it is tied to (a contact or an
    /// account); without one, the creation makes a contact for the author.
    case found(profileID: String, customer: RecordReference?)
}
