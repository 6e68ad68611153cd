/// What R16 shows of a linked record: its primary name, its state and status as the
/// instance formats them (in the organization's language), and its `modifiedon`. Read in
/// the verification requests made anyway, so showing them costs no request per link.
/// Every field is optional: a table without a primary name, or an instance that leaves out
/// the formatted values, still has its records verified.
public struct RecordDetails: Sendable, Equatable {
    public var name: String?
    public var state: String?
    public var status: String?
    /// `modifiedon` as the instance answered it (ISO 8601, UTC).
    public var modifiedOn: String?

    public init(name: String? = nil, state: String? = nil, status: String? = nil, modifiedOn: String? = nil) {
        self.name = name
        self.state = state
        self.status = status
        self.modifiedOn = modifiedOn
    }

    /// A record read with none of its details (the table's metadata names none of them).
    public static let unread = RecordDetails()
}
