/// Decodes one line of `links import` (interface.md, "Link line"): a link that already
/// exists in Dynamics 365.
public enum LinkLineDecoder {
    public struct LinkLine: Sendable, Equatable {
        public var postID: String
        public var instanceID: String
        public var activityID: String
        public var record: RecordReference

        public init(postID: String, instanceID: String, activityID: String, record: RecordReference) {
            self.postID = postID
            self.instanceID = instanceID
            self.activityID = activityID
            self.record = record
        }
    }

    static let keys: Set<String> = ["post_id", "instance", "activity_id", "record_entity", "record_id"]

    public static func decode(_ text: Substring, line: Int) throws(ImportError) -> LinkLine {
        let fields = try JSONLineFields(text, line: line, allowed: keys)
        let activityID = try fields.requiredString("activity_id")
        let recordID = try fields.requiredString("record_id")
        for (key, value) in [("activity_id", activityID), ("record_id", recordID)] where !GUID.isValid(value) {
            throw ImportError(line: line, problem: "'\(key)' must be a GUID, got '\(value)'")
        }
        let postID = try fields.requiredString("post_id")
        let instanceID = try fields.requiredString("instance")
        // Lower-cased first, as `RecordReference` stores it: `Incident` names `incident`.
        let entity = try fields.requiredString("record_entity").lowercased()
        // Checked here, before any lookup, so the message names the syntax rather than an
        // unknown instance, and a crafted value never reaches the store (interface.md "Inputs").
        for (key, problem) in [("instance", InstanceID.problem(instanceID)), ("record_entity", EntityLogicalName.problem(entity))] {
            if let problem { throw ImportError(line: line, problem: "'\(key)' \(problem)") }
        }
        return LinkLine(postID: postID, instanceID: instanceID, activityID: activityID.lowercased(), record: RecordReference(entity: entity, id: recordID))
    }
}
