/// One simulated Dataverse organization: its rows, its injected fault and its counters.
struct Organization: Sendable {
    let settings: OrganizationSettings
    var tables: [String: Table]
    var fault: Fault?
    var counters = OrganizationCounters()
    /// Until when the last 429's Retry-After runs.
    var retryAfterUntil: ContinuousClock.Instant?
    /// When each delayed answer in flight will be written (see `recordArrival`).
    var answersDueAt: [ContinuousClock.Instant] = []
    var dropNextResponse = false
    /// Bumped by `revoke`: tokens issued under an older generation are rejected.
    var tokenGeneration = 0
    /// Whether the tables answer `Prefer: odata.track-changes` (and say so in their metadata).
    var changeTrackingEnabled = true
    /// Delta tokens older than this version are expired (`expire_delta_tokens`).
    var oldestValidDeltaToken = 0
    /// Alternate keys and refused creates set through the admin API.
    var writeRules = WriteRules()
    /// The forms of delta answers Microsoft leaves open (`PUT …/delta_answers`).
    var deltaAnswers = DeltaAnswers()
    /// Rows the application user may not read (`PUT …/hidden/{set}/{id}`).
    var visibility = RowVisibility()
    /// Relationship cascades changed through the admin API (`PUT …/cascade/{table}/{schema}`).
    var cascades = CascadeOverrides()
    private var lastVersion = 0

    init(settings: OrganizationSettings) {
        self.settings = settings
        tables = Dictionary(uniqueKeysWithValues: EntityCatalog.all.map { ($0.entitySetName, Table(entity: $0)) })
    }

    var name: String { settings.name }

    /// The version of the latest write: a delta token taken now covers everything up to it.
    var currentVersion: Int { lastVersion }

    mutating func nextVersion() -> Int {
        lastVersion += 1
        return lastVersion
    }

    /// Counts an arriving Web API request and how many of this organization's requests are
    /// in flight with it. The event loop handles requests one at a time, so a request is
    /// "in flight" from its arrival until its (possibly delayed) answer is due.
    mutating func recordArrival(method: String, now: ContinuousClock.Instant) {
        counters.requests += 1
        counters.byMethod[method, default: 0] += 1
        if let until = retryAfterUntil, now < until { counters.requestsDuringRetryAfter += 1 }
        answersDueAt.removeAll { $0 <= now }
        counters.maxConcurrent = max(counters.maxConcurrent, answersDueAt.count + 1)
    }

    mutating func recordAnswerDue(at instant: ContinuousClock.Instant) {
        answersDueAt.append(instant)
    }

    /// The fault that applies to this request, consuming one use of a counted fault.
    mutating func takeFault() -> Fault? {
        guard let current = fault else { return nil }
        if let remaining = current.remainingRequests {
            fault = remaining <= 1 ? nil : Fault(
                kind: current.kind, retryAfterSeconds: current.retryAfterSeconds,
                delayMilliseconds: current.delayMilliseconds, sizeBytes: current.sizeBytes,
                remainingRequests: remaining - 1)
        }
        return current
    }

    mutating func setFault(_ newFault: Fault?) {
        fault = newFault
        if newFault?.kind == .revoke { tokenGeneration += 1 }
    }

    func row(set: String, id: GUID) -> Row? {
        tables[set]?.rows[id]
    }

    func contains(_ lookup: LookupValue) -> Bool {
        guard let entity = EntityCatalog.byLogicalName(lookup.entity) else { return false }
        return tables[entity.entitySetName]?.rows[lookup.id] != nil
    }
}
