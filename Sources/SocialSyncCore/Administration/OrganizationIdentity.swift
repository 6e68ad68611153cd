/// R1: an edited connection must still point at the same organization.
public enum OrganizationIdentity {
    public struct Outcome: Sendable, Equatable {
        /// The organization id to keep for the instance.
        public var organizationID: String?
        /// True when the instance answered with another organization than the one learned.
        public var mismatch: Bool
        /// True when this answer taught the id: the connection's first successful poll, when
        /// R9 looks for a deleted instance of the same organization.
        public var isFirstSighting: Bool

        public init(organizationID: String?, mismatch: Bool, isFirstSighting: Bool = false) {
            self.organizationID = organizationID
            self.mismatch = mismatch
            self.isFirstSighting = isFirstSighting
        }
    }

    /// The id is learned the first time it is seen; afterwards a different answer marks
    /// the instance with an error and keeps the known id, so links never silently move
    /// to another organization.
    public static func reconcile(known: String?, observed: String?) -> Outcome {
        guard let observed = observed?.lowercased() else { return Outcome(organizationID: known, mismatch: false) }
        guard let known = known?.lowercased() else { return Outcome(organizationID: observed, mismatch: false, isFirstSighting: true) }
        return Outcome(organizationID: known, mismatch: known != observed)
    }
}
