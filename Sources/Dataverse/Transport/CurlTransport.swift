import CCurl
import Foundation

/// `HTTPTransport` over libcurl's multi interface, on one dedicated thread.
///
/// All transfers share one multi handle, so connections are reused and HTTP/2 streams are
/// multiplexed when a server offers it. Proxies come from the environment (curl's default).
/// Dropping the last reference stops the thread; requests still in flight then fail.
public final class CurlTransport: HTTPTransport {
    public struct Configuration: Sendable {
        public var connectTimeoutSeconds: Double
        /// Larger answers are aborted while arriving and reported as `responseTooLarge`.
        public var maxResponseBytes: Int
        public var userAgent: String

        public init(connectTimeoutSeconds: Double = 10, maxResponseBytes: Int = 32 << 20, userAgent: String = "socialsync") {
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.maxResponseBytes = maxResponseBytes
            self.userAgent = userAgent
        }
    }

    /// `curl_global_init` once per process, before the first handle (Swift runs a static
    /// initializer exactly once, whatever thread gets there first).
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    private let shared: CurlShared

    /// Fails only when libcurl cannot be initialized.
    public init(configuration: Configuration = Configuration()) throws(TransportFailure) {
        guard Self.globalInit == CURLE_OK, let multi = curl_multi_init() else {
            throw TransportFailure(kind: .other, detail: "libcurl could not be initialized")
        }
        ccurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let shared = CurlShared(multi: multi)
        self.shared = shared
        let thread = Thread {
            CurlLoop(shared: shared, configuration: configuration).run()
        }
        thread.name = "socialsync-curl"
        thread.start()
    }

    deinit {
        shared.stop()
    }

    public func send(_ request: HTTPRequest) async -> HTTPExchange {
        do {
            try URLPolicy.check(request.url)
        } catch {
            return .failure(TransportFailure(kind: .refusedByPolicy, detail: error.description))
        }
        // A cancelled caller (the daemon stopping) gets `TransferCancellation.failure` at
        // once: a request not yet started is never sent, one in flight is aborted.
        let cancellation = TransferCancellation()
        let shared = shared
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if !shared.submit(PendingTransfer(request: request, continuation: continuation, cancellation: cancellation)) {
                    continuation.resume(returning: .failure(TransportFailure(kind: .other, detail: "transport stopped")))
                }
            }
        } onCancel: {
            cancellation.cancel()
            shared.wake()
        }
    }
}
