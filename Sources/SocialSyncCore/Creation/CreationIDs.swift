/// The GUIDs the client chooses for a creation, kept with the pending link so a retry
/// sends the same ids (behaviour.md R8, ours). The contact and profile ids are used only
/// when the author has no profile in the instance yet.
public struct CreationIDs: Sendable, Equatable {
    public var contactID: String
    public var profileID: String
    public var recordID: String
    public var activityID: String

    /// Ids are lower-cased: Dataverse answers with lower-case GUIDs and links compare exactly.
    public init(contactID: String, profileID: String, recordID: String, activityID: String) {
        self.contactID = contactID.lowercased()
        self.profileID = profileID.lowercased()
        self.recordID = recordID.lowercased()
        self.activityID = activityID.lowercased()
    }
}
