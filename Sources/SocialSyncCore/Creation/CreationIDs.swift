import struct Foundation.Date

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

    /// The ids of the `attempt`-th creation for `postID` on `instance` (1 for the post's
    /// first link, one more for each link it had since), so `links create --dry-run` shows
    /// the very ids the following `links create` queues. Once queued they are stored with the
    /// link and never derived again (R8's retries and 412 confirmations rely on that). The
    /// attempt number keeps a new creation after an earlier link ended from reusing rows that
    /// may exist already; the instance's id and connection time keep two stores, or a
    /// connection made again, from deriving each other's ids.
    public static func derived(instance: Instance, postID: String, attempt: Int, recordType: String) -> CreationIDs {
        let name = [instance.id, String(instance.connectedOn.timeIntervalSince1970.bitPattern), postID, String(attempt), recordType]
            .joined(separator: "\u{0}")
        func id(_ role: String) -> String { NameBasedUUID.make(namespace: namespace, name: role + "\u{0}" + name) }
        return CreationIDs(contactID: id("contact"), profileID: id("profile"), recordID: id("record"), activityID: id("activity"))
    }

    /// socialsync's own namespace for creation ids (a fixed random UUID's bytes).
    private static let namespace: [UInt8] = [
        0x5e, 0x0c, 0x1a, 0x15, 0x9b, 0x3d, 0x4c, 0x2e, 0x8f, 0x61, 0x27, 0xd4, 0x0a, 0xb3, 0x96, 0x7c,
    ]
}
