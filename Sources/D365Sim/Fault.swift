/// A failure injected into one organization through the admin API. Each kind reproduces a
/// documented Dataverse or network behaviour (dataverse.md); `FaultResponses` builds them.
public struct Fault: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case down, http500, http502, http504, maintenance, disabled, expired, throttle, revoke
        case appBlocked = "app_blocked"
        case slow, reset, truncated, malformed
        case wrongShape = "wrong_shape"
        case huge, refuse
    }

    public var kind: Kind
    /// Seconds announced in `Retry-After` by `throttle`.
    public var retryAfterSeconds: Int
    /// Delay added to every answer by `slow`.
    public var delayMilliseconds: Int
    /// Body size of `huge`.
    public var sizeBytes: Int
    /// How many Web API requests the fault still applies to before it clears itself; nil
    /// for "until cleared". (An extension to the contract so a test can script "two 503s,
    /// then healthy" without racing the client.)
    public var remainingRequests: Int?

    public init(
        kind: Kind, retryAfterSeconds: Int = 5, delayMilliseconds: Int = 1000, sizeBytes: Int = 64 * 1024 * 1024,
        remainingRequests: Int? = nil
    ) {
        self.kind = kind
        self.retryAfterSeconds = retryAfterSeconds
        self.delayMilliseconds = delayMilliseconds
        self.sizeBytes = sizeBytes
        self.remainingRequests = remainingRequests
    }

    /// Reads `{"kind":"throttle","retry_after":5,"delay_ms":..,"size_bytes":..,"count":..}`.
    init(json: JSONValue) throws(SimulatorError) {
        guard let name = json["kind"]?.stringValue else { throw .badRequest("fault needs a \"kind\"") }
        guard let kind = Kind(rawValue: name) else {
            throw .badRequest("unknown fault kind \"\(name)\"; known: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.init(kind: kind)
        if let value = json["retry_after"] { retryAfterSeconds = try Self.nonNegative(value, "retry_after") }
        if let value = json["delay_ms"] { delayMilliseconds = try Self.nonNegative(value, "delay_ms") }
        if let value = json["size_bytes"] { sizeBytes = try Self.nonNegative(value, "size_bytes") }
        if let value = json["count"], !value.isNull {
            let count = try Self.nonNegative(value, "count")
            guard count > 0 else { throw .badRequest("count must be at least 1") }
            remainingRequests = count
        }
    }

    private static func nonNegative(_ value: JSONValue, _ name: String) throws(SimulatorError) -> Int {
        guard let number = value.intValue, number >= 0 else { throw .badRequest("\(name) must be a non-negative integer") }
        return number
    }
}
