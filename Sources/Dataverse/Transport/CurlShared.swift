import CCurl
import Foundation

/// A request waiting for the curl thread, with the continuation its caller awaits.
struct PendingTransfer: Sendable {
    var request: HTTPRequest
    var continuation: CheckedContinuation<HTTPExchange, Never>
    var cancellation: TransferCancellation
}

/// The only state shared between callers and the curl thread: the queue of new requests,
/// the stop flag, and the multi handle for `curl_multi_wakeup`, the one curl call documented
/// as safe from any thread. Every access goes through `lock`, which also keeps a wakeup from
/// racing the handle's cleanup.
final class CurlShared: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [PendingTransfer] = []
    private var isStopping = false
    private var isClosed = false
    /// Used by the curl thread only, apart from `curl_multi_wakeup` under `lock`.
    let multi: OpaquePointer

    init(multi: OpaquePointer) {
        self.multi = multi
    }

    /// Queues a request and wakes the curl thread; false once the transport is stopping.
    func submit(_ transfer: PendingTransfer) -> Bool {
        lock.withLock {
            guard !isStopping else { return false }
            queue.append(transfer)
            curl_multi_wakeup(multi)
            return true
        }
    }

    /// Everything queued since the last call, and whether the thread should stop.
    func takeQueued() -> (transfers: [PendingTransfer], stopping: Bool) {
        lock.withLock {
            defer { queue.removeAll() }
            return (queue, isStopping)
        }
    }

    /// Wakes the curl thread so it aborts the transfers cancelled since it last looked.
    func wake() {
        lock.withLock {
            if !isClosed { curl_multi_wakeup(multi) }
        }
    }

    func stop() {
        lock.withLock {
            isStopping = true
            if !isClosed { curl_multi_wakeup(multi) }
        }
    }

    /// Called by the curl thread as it exits: no wakeup can reach the handle once it is freed.
    func closeMulti() {
        lock.withLock {
            isClosed = true
            curl_multi_cleanup(multi)
        }
    }
}
