/// The metadata of every table a creation writes (R4, read from the instance).
public struct CreationTables: Sendable, Equatable {
    public var contact: EntityMetadata
    public var socialProfile: EntityMetadata
    public var record: EntityMetadata
    public var socialActivity: EntityMetadata
    /// Needed only when an author's existing profile is tied to an account.
    public var account: EntityMetadata?

    /// The logical names a creation needs metadata for, besides the record table.
    public static let fixedTables = ["contact", "socialprofile", "socialactivity", "account"]

    public init(contact: EntityMetadata, socialProfile: EntityMetadata, record: EntityMetadata, socialActivity: EntityMetadata, account: EntityMetadata? = nil) {
        self.contact = contact
        self.socialProfile = socialProfile
        self.record = record
        self.socialActivity = socialActivity
        self.account = account
    }

    /// The tables from a set of metadata, or the name of the first one missing.
    public static func assemble(record: String, from known: [EntityMetadata]) -> Result<CreationTables, CreationPlanningError> {
        func table(_ name: String) -> EntityMetadata? { known.first { $0.logicalName == name } }
        for name in ["contact", "socialprofile", record, "socialactivity"] where table(name) == nil {
            return .failure(.missingMetadata(table: name))
        }
        return .success(CreationTables(
            contact: table("contact")!, socialProfile: table("socialprofile")!, record: table(record)!,
            socialActivity: table("socialactivity")!, account: table("account")))
    }
}
