import Foundation
import SocialSyncCore
import SocialSyncStore

/// R16 for `links show`: a link's record details when its instance is enabled and healthy,
/// read from the instance for the post's current link (one request) and otherwise, or when
/// that read fails, as the last verification stored them.
struct RecordDetailsLookup {
    /// What `links show` prints about one link's record.
    enum Shown {
        case available(ObservedRecordDetails?)
        case unavailable(because: String)
    }

    /// One link as the store knows it, with what deciding about its details needs.
    struct Subject {
        var link: Link
        var isCurrent: Bool
        var instance: Instance?
        /// The record table's metadata (stored, or the documented names of a standard table).
        var metadata: EntityMetadata?
        var stored: ObservedRecordDetails?
    }

    let context: CommandContext

    func details(_ subject: Subject) -> Shown {
        guard let instance = subject.instance else { return .unavailable(because: "instance unknown") }
        if let reason = RecordDetailsRules.unavailability(instance) { return .unavailable(because: reason) }
        guard subject.isCurrent, subject.link.state != .pending, let metadata = subject.metadata,
              let live = read(subject.link.record.id, metadata, on: instance)
        else { return .available(subject.stored) }
        return .available(ObservedRecordDetails(details: live, observedAt: context.now()))
    }

    /// nil when the instance cannot be asked from here (no access to its secret, for one)
    /// or does not answer with the row.
    private func read(_ id: String, _ metadata: EntityMetadata, on instance: Instance) -> RecordDetails? {
        guard let client = try? InstanceCommands.connect(instance, context: context) else { return nil }
        return AsyncBridge.wait { await client.recordDetails(metadata, id: id) }
    }
}
