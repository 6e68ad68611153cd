/// Everything needed to create one link's rows in Dataverse, in the order they must be sent.
///
/// Every id is chosen by the client before the first request, and every request only creates
/// (`If-None-Match: *`), so sending the whole plan again after a lost answer never duplicates
/// (dataverse.md, "Writes that can be retried"; behaviour.md R8).
public struct CreationPlan: Sendable, Equatable {
    public var profileID: String
    public var activityID: String
    public var record: RecordReference
    /// Social profile, then record, then social activity: the activity binds to both.
    public var requests: [CreationRequest]

    public init(profileID: String, activityID: String, record: RecordReference, requests: [CreationRequest]) {
        self.profileID = profileID
        self.activityID = activityID
        self.record = record
        self.requests = requests
    }

    /// The exact requests as indented JSON, printed as-is by `links create --dry-run`.
    public func rendered() -> String {
        JSONValue.object([(key: "requests", value: .array(requests.map(\.renderedJSON)))]).rendered(pretty: true)
    }
}
