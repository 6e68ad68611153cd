/// The outcome of one request: an answer (any status) or the reason there was none.
public typealias HTTPExchange = Result<HTTPResponse, TransportFailure>

/// Sends HTTP requests. The Dataverse client depends on this alone, so tests and other
/// adapters can stand in for libcurl.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async -> HTTPExchange
}
