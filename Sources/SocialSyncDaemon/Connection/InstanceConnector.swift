import Dataverse
import Foundation
import SocialSyncCore

/// Builds the Dataverse client of an instance from its stored connection details: one
/// shared libcurl transport (connection reuse across instances) observed per instance,
/// one token provider per instance, the configured timeout and concurrency cap.
public struct InstanceConnector: Sendable {
    let transport: any HTTPTransport
    let requestTimeoutSeconds: Double
    let maxConcurrentRequests: Int
    let environment: [String: String]
    let events: any DaemonEventSink

    public init(transport: any HTTPTransport, configuration: Configuration, environment: [String: String], events: any DaemonEventSink) {
        self.transport = transport
        self.events = events
        self.requestTimeoutSeconds = configuration.requestTimeoutSeconds
        self.maxConcurrentRequests = configuration.maxConcurrentRequestsPerInstance
        self.environment = environment
    }

    /// Fails before any request when the URL is not allowed or the secret cannot be located.
    public func client(for instance: Instance, throttledUntil: Date? = nil) throws -> DataverseClient {
        let secrets = try SecretSource(reference: instance.clientSecretFile, environment: environment)
        try URLPolicy.check(instance.effectiveTokenURL)
        let transport = ObservedTransport(inner: transport, instanceID: instance.id, tokenURL: instance.effectiveTokenURL, events: events)
        let tokens = TokenProvider(
            tokenURL: instance.effectiveTokenURL, clientID: instance.clientID, instanceURL: instance.url,
            transport: transport, timeoutSeconds: requestTimeoutSeconds
        ) { () throws(SecretError) -> ClientSecret in try secrets.load().secret }
        let configuration = DataverseClient.Configuration(
            instanceURL: instance.url, requestTimeoutSeconds: requestTimeoutSeconds, maxConcurrentRequests: maxConcurrentRequests
        )
        return try DataverseClient(configuration: configuration, tokens: tokens, transport: transport, throttledUntil: throttledUntil)
    }
}
