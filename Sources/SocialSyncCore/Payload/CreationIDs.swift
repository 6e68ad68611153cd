/// The GUIDs the client chooses for a creation, kept with the pending link so a retry
/// sends the same ids (behaviour.md R8, ours).
public struct CreationIDs: Sendable, Equatable {
    public var profileID: String
    public var recordID: String
    public var activityID: String

    /// Ids are lower-cased: Dataverse answers with lower-case GUIDs and links compare exactly.
    public init(profileID: String, recordID: String, activityID: String) {
        self.profileID = profileID.lowercased()
        self.recordID = recordID.lowercased()
        self.activityID = activityID.lowercased()
    }
}
