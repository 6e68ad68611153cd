import Foundation

/// A piece of work the command line asks the running daemon to carry out with the
/// service's own credentials, and what came of it.
public struct ServiceRequest: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// `instances refresh`: R4's refresh; the result names the entities and the probed organization.
        case instanceRefresh = "instance_refresh"
        /// `links create`: the metadata its record type needs, fetched and stored.
        case creationMetadata = "creation_metadata"
    }

    public enum State: String, Sendable {
        case waiting, done, failed
    }

    public var id: Int64
    public var kind: Kind
    public var instanceID: String
    public var argument: String?
    public var requestedAt: Date
    public var state: State
    /// JSON, once done.
    public var result: String?
    /// The message and sysexits code, once failed.
    public var error: String?
    public var exitCode: Int32?
    public var finishedAt: Date?
}
