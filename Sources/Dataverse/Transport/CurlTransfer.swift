import CCurl
import Foundation
import SocialSyncCore

/// One request in flight: its easy handle and the buffers curl writes into.
///
/// Owned by the curl thread alone. The header list and error buffer live as long as the
/// handle, as curl requires; curl copies every string option and the body (COPYPOSTFIELDS).
final class CurlTransfer {
    let easy: OpaquePointer
    let continuation: CheckedContinuation<HTTPExchange, Never>
    let cancellation: TransferCancellation
    private let maxResponseBytes: Int
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var body = Data()
    private var headers = HTTPHeaders()
    private var exceededLimit = false
    /// Set by the blank line that ends a header block: curl accepts an HTTP/1 answer cut off
    /// after its status line as complete, which is really a connection lost mid-answer.
    private var headersComplete = false

    /// Nil when curl cannot allocate a handle.
    init?(_ pending: PendingTransfer, connectTimeoutSeconds: Double, maxResponseBytes: Int, userAgent: String) {
        guard let easy = curl_easy_init() else { return nil }
        self.easy = easy
        self.continuation = pending.continuation
        self.cancellation = pending.cancellation
        self.maxResponseBytes = maxResponseBytes
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        configure(pending.request, connectTimeoutSeconds: connectTimeoutSeconds, userAgent: userAgent)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    private func configure(_ request: HTTPRequest, connectTimeoutSeconds: Double, userAgent: String) {
        ccurl_easy_setopt_string(easy, CURLOPT_URL, request.url.absoluteString)
        ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        ccurl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        // No redirects: a 3xx is an answer to classify, and a token must never follow one.
        ccurl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        ccurl_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        // TLS verification is always on; there is deliberately no way to turn it off.
        ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1)
        ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2)
        ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeoutSeconds * 1000))
        ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, max(1, Int(request.timeoutSeconds * 1000)))
        ccurl_easy_setopt_string(easy, CURLOPT_USERAGENT, userAgent)
        ccurl_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")
        ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        configureMethod(request)
        configureHeaders(request.headers)
        let this = Unmanaged.passUnretained(self).toOpaque()
        ccurl_easy_setopt_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
            return transfer.receiveBody(data, length: size * count)
        }
        ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, this)
        ccurl_easy_setopt_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, userdata in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
            return transfer.receiveHeaderLine(data, length: size * count)
        }
        ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, this)
    }

    private func configureMethod(_ request: HTTPRequest) {
        guard let body = request.body else {
            if request.method == "GET" {
                ccurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
            } else {
                ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method)
            }
            return
        }
        ccurl_easy_setopt_long(easy, CURLOPT_POSTFIELDSIZE, body.count)
        if body.isEmpty {
            ccurl_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, "")
        } else {
            body.withUnsafeBytes { bytes in
                _ = ccurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
        }
        if request.method != "POST" {
            ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method)
        }
    }

    private func configureHeaders(_ fields: [HTTPHeader]) {
        // An empty `Expect:` keeps curl from waiting for `100 Continue` on larger bodies.
        for line in fields.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            headerList = curl_slist_append(headerList, line)
        }
        ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)
    }

    /// Returning less than `length` makes curl abort with CURLE_WRITE_ERROR: the size cap.
    private func receiveBody(_ data: UnsafeMutablePointer<CChar>?, length: Int) -> Int {
        guard body.count + length <= maxResponseBytes else {
            exceededLimit = true
            return 0
        }
        if let data, length > 0 {
            body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
        }
        return length
    }

    /// A status line starts a new header block (an interim `1xx` answer is forgotten).
    private func receiveHeaderLine(_ data: UnsafeMutablePointer<CChar>?, length: Int) -> Int {
        guard let data else { return length }
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers = HTTPHeaders()
            headersComplete = false
        } else if line == "\r\n" || line == "\n" {
            headersComplete = true
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            headers.append(HTTPHeader(name, value))
        }
        return length
    }

    /// The exchange once curl reports the transfer done with `code`.
    func outcome(_ code: CURLcode) -> HTTPExchange {
        guard code == CURLE_OK else { return .failure(failure(code)) }
        guard headersComplete else {
            return .failure(TransportFailure(kind: .reset, detail: "connection closed before the end of the answer's headers"))
        }
        var status = 0
        ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: headers, body: body))
    }

    private func failure(_ code: CURLcode) -> TransportFailure {
        let message = String(cString: errorBuffer)
        let detail = message.isEmpty ? String(cString: curl_easy_strerror(code)) : message
        if exceededLimit {
            return TransportFailure(kind: .responseTooLarge, detail: "answer larger than \(maxResponseBytes) bytes")
        }
        return TransportFailure(kind: Self.kind(of: code), detail: detail)
    }

    static func kind(of code: CURLcode) -> TransportFailureKind {
        switch code {
        case CURLE_COULDNT_CONNECT: .connectRefused
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: .dns
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS:
            .tls
        case CURLE_OPERATION_TIMEDOUT: .timeout
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2,
             CURLE_HTTP2_STREAM, CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING:
            .reset
        default: .other
        }
    }
}
