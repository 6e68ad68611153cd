import Foundation

/// The mailbox between the command line and the running daemon (`ServiceRequest`): a
/// command queues a request and waits for its outcome, the daemon takes the waiting ones
/// in order. The command removes its row once it read the outcome, or gave up waiting.
public struct ServiceRequestRepository<Access>: Repository {
    let transaction: Transaction<Access>

    static var columns: String { "id, kind, instance_id, argument, requested_at, state, result, error, exit_code, finished_at" }

    public func get(_ id: Int64) throws(StoreError) -> ServiceRequest? {
        try database().queryFirst("SELECT \(Self.columns) FROM service_requests WHERE id = ?", .integer(id), row: Self.decode)
    }

    /// The requests not yet carried out, oldest first, at most `limit`.
    public func waiting(limit: Int) throws(StoreError) -> [ServiceRequest] {
        try database().query(
            "SELECT \(Self.columns) FROM service_requests WHERE state = 'waiting' ORDER BY id LIMIT ?", .integer(limit), row: Self.decode)
    }

    static func decode(_ row: Statement) throws(StoreError) -> ServiceRequest {
        ServiceRequest(
            id: row.int64(0), kind: try row.value(1), instanceID: row.text(2), argument: row.optionalText(3), requestedAt: row.date(4),
            state: try row.value(5), result: row.optionalText(6), error: row.optionalText(7), exitCode: row.optionalInt(8).map(Int32.init),
            finishedAt: row.optionalDate(9))
    }
}

extension ServiceRequestRepository where Access == WriteAccess {
    /// Queues a request; returns its id.
    public func insert(_ kind: ServiceRequest.Kind, instanceID: String, argument: String? = nil, at time: Date) throws(StoreError) -> Int64 {
        try database().queryFirst(
            "INSERT INTO service_requests (kind, instance_id, argument, requested_at) VALUES (?, ?, ?, ?) RETURNING id",
            .raw(kind), .text(instanceID), .text(argument), .date(time)
        ) { $0.int64(0) } ?? 0
    }

    /// Records success. A request its command stopped waiting for is gone: nothing to record.
    public func finish(_ id: Int64, result: String, at time: Date) throws(StoreError) {
        _ = try database().run(
            "UPDATE service_requests SET state = 'done', result = ?, finished_at = ? WHERE id = ? AND state = 'waiting'",
            .text(result), .date(time), .integer(id))
    }

    public func fail(_ id: Int64, error: String, exitCode: Int32, at time: Date) throws(StoreError) {
        _ = try database().run(
            "UPDATE service_requests SET state = 'failed', error = ?, exit_code = ?, finished_at = ? WHERE id = ? AND state = 'waiting'",
            .text(error), .integer(Int(exitCode)), .date(time), .integer(id))
    }

    public func remove(_ id: Int64) throws(StoreError) {
        _ = try database().run("DELETE FROM service_requests WHERE id = ?", .integer(id))
    }
}
