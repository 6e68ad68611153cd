import CCurl
import Foundation

/// The body of the curl thread: drives every transfer through one multi handle, sleeping in
/// `curl_multi_poll` until a socket is ready, a curl timer fires or `curl_multi_wakeup`
/// announces new requests. Blocking waits stay off the Swift concurrency pool.
final class CurlLoop {
    private let shared: CurlShared
    private let multi: OpaquePointer
    private let configuration: CurlTransport.Configuration
    private var active: [OpaquePointer: CurlTransfer] = [:]

    init(shared: CurlShared, configuration: CurlTransport.Configuration) {
        self.shared = shared
        self.multi = shared.multi
        self.configuration = configuration
    }

    func run() {
        while true {
            let (queued, stopping) = shared.takeQueued()
            for pending in queued { start(pending) }
            if stopping { break }
            abortCancelled()
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            finishCompleted()
            curl_multi_poll(multi, nil, 0, 10_000, nil)
        }
        shutDown()
    }

    private func start(_ pending: PendingTransfer) {
        if pending.cancellation.isCancelled {
            return pending.continuation.resume(returning: .failure(TransferCancellation.failure))
        }
        guard let transfer = CurlTransfer(
            pending, connectTimeoutSeconds: configuration.connectTimeoutSeconds,
            maxResponseBytes: configuration.maxResponseBytes, userAgent: configuration.userAgent)
        else {
            return pending.continuation.resume(returning: .failure(TransportFailure(kind: .other, detail: "curl could not allocate a handle")))
        }
        let added = curl_multi_add_handle(multi, transfer.easy)
        guard added == CURLM_OK else {
            let detail = String(cString: curl_multi_strerror(added))
            return transfer.continuation.resume(returning: .failure(TransportFailure(kind: .other, detail: detail)))
        }
        active[transfer.easy] = transfer
    }

    /// Removes the transfers whose callers were cancelled; their answers, if any arrive, are
    /// never read.
    private func abortCancelled() {
        for (easy, transfer) in active where transfer.cancellation.isCancelled {
            active.removeValue(forKey: easy)
            curl_multi_remove_handle(multi, easy)
            transfer.continuation.resume(returning: .failure(TransferCancellation.failure))
        }
    }

    private func finishCompleted() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = active.removeValue(forKey: easy)
            else { continue }
            let exchange = transfer.outcome(message.pointee.data.result)
            curl_multi_remove_handle(multi, easy)
            transfer.continuation.resume(returning: exchange)
        }
    }

    /// Every caller still waiting gets an answer; then the multi handle is freed.
    private func shutDown() {
        let stopped = TransportFailure(kind: .other, detail: "transport stopped")
        for (easy, transfer) in active {
            curl_multi_remove_handle(multi, easy)
            transfer.continuation.resume(returning: .failure(stopped))
        }
        active.removeAll()
        for pending in shared.takeQueued().transfers {
            pending.continuation.resume(returning: .failure(stopped))
        }
        shared.closeMulti()
    }
}
