import SocialSyncCore

extension ExchangeSummary {
    /// What the core classifier needs from a transport result.
    init(_ exchange: HTTPExchange) {
        switch exchange {
        case let .success(response):
            self = .answered(
                status: response.status, retryAfter: response.headers["Retry-After"],
                contentType: response.headers["Content-Type"], body: response.body)
        case let .failure(failure):
            self = .failed(failure.kind, detail: failure.detail)
        }
    }
}
