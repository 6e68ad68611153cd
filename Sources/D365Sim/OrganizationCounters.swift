/// What tests read back to prove how a client behaved against one organization.
struct OrganizationCounters: Sendable {
    var requests = 0
    var tokenRequests = 0
    var byMethod: [String: Int] = [:]
    var creates: [String: Int] = [:]
    var duplicateCreateAttempts = 0
    var requestsDuringRetryAfter = 0
    var maxConcurrent = 0
    /// Requests run inside `$batch` requests (each batch also counts once in `requests`).
    var batchedRequests = 0
    /// GETs of rows or collections per entity set, `$batch` parts included: proves which
    /// tables a verification read.
    var reads: [String: Int] = [:]

    var json: JSONValue {
        .object([
            ("requests", .integer(requests)),
            ("token_requests", .integer(tokenRequests)),
            ("by_method", .object(byMethod.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })),
            ("creates", .object(creates.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })),
            ("duplicate_create_attempts", .integer(duplicateCreateAttempts)),
            ("requests_during_retry_after", .integer(requestsDuringRetryAfter)),
            ("max_concurrent", .integer(maxConcurrent)),
            ("batched_requests", .integer(batchedRequests)),
            ("reads", .object(reads.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })),
        ])
    }
}
