import Synchronization

/// Set by the caller's task cancellation, read by the curl thread: a flag on the transfer
/// itself rather than an id in a shared set, so a cancellation that races the request's
/// submission or its completion is never lost and never outlives the transfer.
final class TransferCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    var isCancelled: Bool { flag.load(ordering: .acquiring) }

    func cancel() {
        flag.store(true, ordering: .releasing)
    }

    /// What a cancelled caller receives: no answer, and a detail saying why, so nothing
    /// reads it as the instance's answer.
    static let failure = TransportFailure(kind: .other, detail: "request cancelled: socialsync is stopping")
}
