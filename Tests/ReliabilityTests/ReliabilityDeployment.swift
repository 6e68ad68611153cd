import Foundation
import SocialSyncStore
import Synchronization
import Testing
import TestSupport

/// A socialsync deployment driven only through the real binaries, with the configuration
/// the reliability proofs need (short timeouts, a health endpoint), and a transcript of
/// everything the commands printed so the secret scans can read it afterwards.
final class ReliabilityDeployment: Sendable {
    let simulator: SimulatorProcess
    let directory = TemporaryDirectory("reliability")
    let configPath: String
    private let printed = Mutex<[String]>([])

    /// `settings` are extra configuration keys (JSON values as text), e.g. `"listen": "\"\""`.
    init(simulator: SimulatorProcess, settings: [String: String] = [:]) throws {
        self.simulator = simulator
        var fields = ["store": #""store.db""#, "listen": #""""#, "confirmations": "2", "request_timeout_seconds": "2", "log_format": #""logfmt""#]
        fields.merge(settings) { _, new in new }
        let body = fields.sorted { $0.key < $1.key }.map { #""\#($0.key)":\#($0.value)"# }.joined(separator: ",")
        configPath = try directory.write("config.json", "{\(body)}")
    }

    var storePath: String { directory.path("store.db") }

    /// Everything every command run so far wrote on stdout and stderr.
    var transcript: [String] { printed.withLock { $0 } }

    func record(_ text: String) {
        printed.withLock { $0.append(text) }
    }

    /// Runs `socialsync --config … arguments` on a thread of its own and expects `status`.
    @discardableResult
    func run(_ arguments: [String], expect status: Int32? = 0, stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> ProcessResult {
        let configPath = configPath
        let result = try await DedicatedThread.run {
            try ProcessRunner.run(BuiltProducts.path(of: "socialsync"), ["--config", configPath] + arguments, stdin: stdin)
        }
        record(result.stdout)
        record(result.stderr)
        if let status {
            #expect(result.status == status, "socialsync \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        }
        return result
    }

    func reconcile(times: Int) async throws {
        for _ in 0..<times { try await run(["reconcile"]) }
    }

    /// Stands in for waiting: the binaries run on the machine's clock, which a test cannot
    /// move, so the deadlines they keep in the store move instead. A 429's Retry-After ends
    /// and the creations that backed off (full jitter, growing per attempt, up to minutes)
    /// are due now; attempts, errors and verdicts are kept.
    func passStoredDeadlines() async throws {
        let storePath = storePath
        try await DedicatedThread.run {
            let store = try Store(path: storePath)
            defer { store.close() }
            try store.write { transaction in
                for instance in try transaction.instances.all() {
                    guard try transaction.instances.throttledUntil(instance.id) != nil else { continue }
                    let probe = ProbeRecord(
                        verdict: instance.verdict, pendingStreak: try transaction.instances.verdictStreak(instance.id),
                        checkedAt: instance.lastChecked ?? Date())
                    try transaction.instances.recordProbe(instance.id, probe)
                }
                for item in try transaction.outbox.due(at: .distantFuture, limit: .max) {
                    try transaction.outbox.reschedule(item.linkID, attempts: item.attempts, nextAttemptAt: .distantPast, lastError: item.lastError)
                }
            }
        }
    }

    /// Creates organization `id` with `posts` social activities regarding cases, adds it as
    /// instance `id`, imports the posts `<id>-p<i>` and links the first `linked` of them.
    @discardableResult
    func connect(_ id: String, posts: Int, linked: Int) async throws -> SimulatorProcess.Organization {
        let organization = try await simulator.createOrganization(id)
        try await simulator.insertRows(organization, set: "incidents", (0..<posts).map { ["id": Self.incident(id, $0), "title": "case \($0)"] })
        try await simulator.insertRows(organization, set: "socialactivities", (0..<posts).map {
            ["id": Self.activity(id, $0), "subject": "post \($0)", "regarding": ["entity": "incident", "id": Self.incident(id, $0)]]
        })
        let secret = try directory.write("\(id).secret", organization.secret + "\n")
        try await run([
            "instances", "add", "--id", id, "--name", id, "--url", organization.instanceURL.absoluteString, "--tenant-id", "tenant-\(id)",
            "--client-id", organization.clientID, "--client-secret-file", secret, "--token-url", organization.tokenURL.absoluteString,
        ])
        let postLines = (0..<posts).map {
            #"{"id":"\#(Self.post(id, $0))","url":"https://social.example/\#(id)/\#($0)","author":"author \#($0)","text":"text \#($0)","sentiment":-1,"tags":["t"],"source":"twitter","published_at":"2024-05-01T10:00:00Z"}"#
        }
        try await run(["posts", "import", "-"], stdin: postLines.joined(separator: "\n") + "\n")
        let linkLines = (0..<linked).map {
            #"{"post_id":"\#(Self.post(id, $0))","instance":"\#(id)","activity_id":"\#(Self.activity(id, $0))","record_entity":"incident","record_id":"\#(Self.incident(id, $0))"}"#
        }
        if linked > 0 { try await run(["links", "import", "-"], stdin: linkLines.joined(separator: "\n") + "\n") }
        return organization
    }

    static func post(_ id: String, _ index: Int) -> String { "\(id)-p\(index)" }
    /// A GUID space per instance, so organizations never share ids by accident.
    static func space(_ id: String) -> Int { Int(id.unicodeScalars.reduce(UInt32(7)) { ($0 &* 31 &+ $1.value) & 0xFFFF }) }
    static func activity(_ id: String, _ index: Int) -> String { testGUID(0xac << 16 | space(id), index) }
    static func incident(_ id: String, _ index: Int) -> String { testGUID(0x1c << 16 | space(id), index) }

    /// `instances list --json` by instance id.
    func instances() async throws -> [String: [String: Any]] {
        let output = try await run(["instances", "list", "--json"]).stdout
        let list = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: list.compactMap { entry in (entry["id"] as? String).map { ($0, entry) } })
    }

    /// The newest link of every post as "state" or "state(reason)", from `links list --json`.
    func linkStates() async throws -> [String: String] {
        var states: [String: String] = [:]
        for link in try await links() {
            guard let post = link["post_id"] as? String, let state = link["state"] as? String else { continue }
            states[post] = (link["reason"] as? String).map { "\(state)(\($0))" } ?? state
        }
        return states
    }

    /// `links list --json`, parsed, in the command's order (oldest link first).
    func links() async throws -> [[String: Any]] {
        let output = try await run(["links", "list", "--json"]).stdout
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] ?? []
    }
}
