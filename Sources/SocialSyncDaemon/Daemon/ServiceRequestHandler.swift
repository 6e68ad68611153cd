import Dataverse
import Foundation
import SocialSyncCore
import SocialSyncStore

/// Carries out the requests the command line leaves in the store while the daemon runs
/// (README "Commands against a running service"): work that needs an instance's
/// credentials, which only the service's credentials directory may hold. The outcome goes
/// back into the request's row, where the waiting command reads it.
struct ServiceRequestHandler: Sendable {
    let store: StoreActor
    let engine: ReconcileEngine
    let events: any DaemonEventSink

    /// How often the store is asked for waiting requests: one seek in a partial index, and a
    /// command waits at most this long before its request is taken.
    static let tick = Duration.milliseconds(250)

    /// What the command prints as its error, with its sysexits code.
    struct Failure: Error {
        var message: String
        var exitCode: Int32
    }

    /// Until cancelled (the daemon stopping): a request cut short stays waiting, and its
    /// command gives up after its `--wait` (exit 69).
    func run() async {
        while !Task.isCancelled {
            do {
                for request in try await store.read({ try $0.serviceRequests.waiting(limit: 16) }) {
                    try Task.checkCancellation()
                    try await carryOut(request)
                }
            } catch is CancellationError {
                return
            } catch {
                events.record(.failure(component: "service_request", instance: nil, detail: String(describing: error)))
            }
            do { try await Task.sleep(for: Self.tick) } catch { return }
        }
    }

    private func carryOut(_ request: ServiceRequest) async throws {
        let outcome: Result<String, Failure>
        do {
            let client = try await client(for: request.instanceID)
            switch request.kind {
            case .instanceRefresh: outcome = .success(try await refresh(request.instanceID, client: client))
            case .creationMetadata: outcome = .success(try await fetchCreationMetadata(request, client: client))
            }
        } catch let failure as Failure {
            outcome = .failure(failure)
        }
        try Task.checkCancellation()
        let finished = engine.clock.now()
        try await store.write { transaction in
            switch outcome {
            case .success(let result): try transaction.serviceRequests.finish(request.id, result: result, at: finished)
            case .failure(let failure): try transaction.serviceRequests.fail(request.id, error: failure.message, exitCode: failure.exitCode, at: finished)
            }
        }
        if case .failure(let failure) = outcome {
            events.record(.failure(component: "service_request", instance: request.instanceID, detail: "\(request.kind.rawValue): \(failure.message)"))
        }
    }

    /// The client the instance's loop uses, with the service's credentials.
    private func client(for instanceID: String) async throws -> DataverseClient {
        guard let instance = try await store.read({ try $0.instances.get(instanceID) }), !instance.isDeleted else {
            throw Failure(message: "instance '\(instanceID)' is unknown or deleted", exitCode: 65)
        }
        do {
            return try engine.client(for: instance)
        } catch let error as SecretError {
            throw Failure(message: error.description, exitCode: 66)
        } catch {
            throw Failure(message: "the service cannot connect to instance '\(instanceID)': \(error)", exitCode: 69)
        }
    }

    /// R4's refresh, stored as `instances refresh` stores it.
    private func refresh(_ instanceID: String, client: DataverseClient) async throws -> String {
        let entities = try await store.read { try MetadataRefresh.entitiesInUse(instanceID: instanceID, $0) }
        switch await MetadataRefresh.fetch(client: client, entities: entities) {
        case .failure(let error):
            throw Failure(message: error.description, exitCode: 69)
        case .success(let refreshed):
            try Task.checkCancellation()
            let time = engine.clock.now()
            _ = try await store.write { try MetadataRefresh.store(refreshed, instanceID: instanceID, transaction: $0, at: time) }
            return RefreshReceipt(entities: refreshed.entities.map(\.logicalName), probedOrganizationID: refreshed.probe.organizationID).json
        }
    }

    /// The metadata a creation of the request's record type lacks, merged into the store,
    /// where `links create` reads it as if it had been there already.
    private func fetchCreationMetadata(_ request: ServiceRequest, client: DataverseClient) async throws -> String {
        let recordType = request.argument ?? ""
        let stored = try await store.read { try $0.entityMetadata.all(instanceID: request.instanceID) }
        switch await CreationMetadata.missing(recordType: recordType, stored: stored, client: client) {
        case .failure(let error):
            throw Failure(message: "links create: cannot read the metadata a creation needs from instance '\(request.instanceID)': \(error)", exitCode: 69)
        case .success(let fetched):
            try Task.checkCancellation()
            let time = engine.clock.now()
            try await store.write { try $0.entityMetadata.merge(instanceID: request.instanceID, with: fetched, refreshedAt: time) }
            return "{}"
        }
    }
}
