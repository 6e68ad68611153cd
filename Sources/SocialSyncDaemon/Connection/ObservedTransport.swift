import Dataverse
import Foundation

/// The shared transport as one instance sees it: every exchange is reported as a
/// `request` event (status 0 when no answer came), and an exchange with the token
/// endpoint also as `tokenRefreshed`. Nothing of the request's headers or body is reported.
struct ObservedTransport: HTTPTransport {
    let inner: any HTTPTransport
    let instanceID: String
    let tokenURL: URL
    let events: any DaemonEventSink

    func send(_ request: HTTPRequest) async -> HTTPExchange {
        let started = ContinuousClock.now
        let exchange = await inner.send(request)
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let status = (try? exchange.get().status) ?? 0
        events.record(.request(instance: instanceID, status: status, seconds: seconds))
        if request.url == tokenURL, status == 200 {
            events.record(.tokenRefreshed(instance: instanceID))
        }
        return exchange
    }
}
