import Foundation
import Testing
import TestSupport

/// A socialsync deployment as an operator has it: a configuration file, a store, the
/// `socialsync` binary, and one `d365-sim` organization per instance. Every step goes
/// through the real command line, so these tests check the interface of interface.md.
struct Deployment {
    let simulator: SimulatorProcess
    let directory = TemporaryDirectory("e2e")
    let configPath: String

    init(simulator: SimulatorProcess, confirmations: Int = 2) throws {
        self.simulator = simulator
        configPath = try directory.write("config.json", #"{"store":"store.db","listen":"","confirmations":\#(confirmations),"request_timeout_seconds":5,"log_format":"logfmt"}"#)
    }

    @discardableResult
    func run(_ arguments: String..., expect status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessResult {
        try run(arguments, expect: status, sourceLocation: sourceLocation)
    }

    @discardableResult
    func run(_ arguments: [String], expect status: Int32 = 0, stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessResult {
        let result = try ProcessRunner.run(BuiltProducts.path(of: "socialsync"), ["--config", configPath] + arguments, stdin: stdin)
        #expect(result.status == status, "socialsync \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    /// Connects an organization of the simulator as instance `id` with `count` posts
    /// `<id>-p<i>` linked to existing cases (activity i regarding incident i).
    func connect(_ id: String, posts count: Int) async throws -> SimulatorProcess.Organization {
        let organization = try await simulator.createOrganization(id)
        try await simulator.insertRows(organization, set: "incidents", (0..<count).map { ["id": Self.incident(id, $0), "title": "case \($0)"] })
        try await simulator.insertRows(organization, set: "socialactivities", (0..<count).map {
            ["id": Self.activity(id, $0), "subject": "post \($0)", "regarding": ["entity": "incident", "id": Self.incident(id, $0)]]
        })
        let secret = try directory.write("\(id).secret", organization.secret + "\n")
        try run("instances", "add", "--id", id, "--name", id.capitalized, "--url", organization.instanceURL.absoluteString,
                "--tenant-id", "tenant-\(id)", "--client-id", organization.clientID, "--client-secret-file", secret,
                "--token-url", organization.tokenURL.absoluteString)
        let posts = (0..<count).map {
            #"{"id":"\#(id)-p\#($0)","url":"https://social.example/\#(id)/\#($0)","author":"author \#($0)","text":"text \#($0)","sentiment":-1,"tags":["t"],"source":"twitter","published_at":"2024-05-01T10:00:00Z"}"#
        }
        try run(["posts", "import", "-"], stdin: posts.joined(separator: "\n") + "\n")
        let links = (0..<count).map {
            #"{"post_id":"\#(id)-p\#($0)","instance":"\#(id)","activity_id":"\#(Self.activity(id, $0))","record_entity":"incident","record_id":"\#(Self.incident(id, $0))"}"#
        }
        try run(["links", "import", "-"], stdin: links.joined(separator: "\n") + "\n")
        return organization
    }

    /// A different GUID space per instance, so organizations never share ids by accident.
    static func kind(_ id: String) -> Int { Int(id.unicodeScalars.reduce(UInt32(7)) { ($0 &* 31 &+ $1.value) & 0xFFFF }) }
    static func activity(_ id: String, _ index: Int) -> String { testGUID(0xac << 16 | kind(id), index) }
    static func incident(_ id: String, _ index: Int) -> String { testGUID(0x1c << 16 | kind(id), index) }

    func reconcile(times: Int = 1) throws {
        for _ in 0..<times { try run("reconcile") }
    }

    /// `links list --json`, parsed.
    func links(_ filters: String...) throws -> [[String: Any]] {
        let output = try run(["links", "list", "--json"] + filters).stdout
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] ?? []
    }

    /// The newest link of a post as "state" or "state(reason)".
    func state(_ post: String) throws -> String {
        let output = try run("links", "show", post, "--json").stdout
        let links = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] ?? []
        guard let last = links.last, let state = last["state"] as? String else { return "none" }
        return (last["reason"] as? String).map { "\(state)(\($0))" } ?? state
    }

    func availablePosts() throws -> Set<String> {
        let output = try run("posts", "list", "--available", "--json").stdout
        let posts = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] ?? []
        return Set(posts.compactMap { $0["id"] as? String })
    }
}
