import Foundation
import Testing
import TestSupport

/// A temporary configuration and store, and the real `socialsync` binary run against
/// them, as an operator or a script would.
final class CLISandbox: Sendable {
    static let binary = BuiltProducts.path(of: "socialsync")

    let directory = TemporaryDirectory("socialsync-cli")
    let configPath: String
    /// The store the configuration names, relative to it.
    let storePath: String
    let secretPath: String

    init() throws {
        configPath = try directory.write("socialsync.json", #"{"store":"s.db","listen":""}"#)
        storePath = directory.path("s.db")
        secretPath = try directory.write("client.secret", "not-a-real-secret\n")
    }

    /// `socialsync ARGUMENTS...`, with neither `--config` nor `SOCIALSYNC_CONFIG` unless given.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, currentDirectory: String? = nil
    ) async throws -> ProcessResult {
        try await DedicatedThread.run {
            try ProcessRunner.run(binary, arguments, environment: environment, stdin: stdin, currentDirectory: currentDirectory)
        }
    }

    /// `socialsync --config CONFIG ARGUMENTS...`.
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], currentDirectory: String? = nil) async throws -> ProcessResult {
        try await Self.run(["--config", configPath] + arguments, environment: environment, stdin: stdin, currentDirectory: currentDirectory)
    }

    /// Runs a command that must succeed; returns its stdout.
    @discardableResult
    func succeed(_ arguments: String..., stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        try await succeed(arguments: arguments, stdin: stdin, sourceLocation: sourceLocation)
    }

    @discardableResult
    func succeed(arguments: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await run(arguments, stdin: stdin)
        try #require(result.status == 0, "socialsync \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Runs a command that must be refused with `code`: its message on stderr names every
    /// string of `naming`, stdout stays empty, and the store is exactly as before.
    @discardableResult
    func expectRefused(
        _ arguments: [String], exit code: Int32, naming: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> ProcessResult {
        let before = try await snapshot()
        let result = try await run(arguments, stdin: stdin)
        #expect(result.status == code, "socialsync \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        for expected in naming {
            #expect(result.stderr.contains(expected), "stderr does not name '\(expected)': \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(result.stdout.isEmpty, "stdout of a refused command: \(result.stdout)", sourceLocation: sourceLocation)
        let after = try await snapshot()
        #expect(after == before, "the store changed", sourceLocation: sourceLocation)
        return result
    }

    /// `arguments` with the value after `option` emptied: a usage error (64) naming the
    /// option, nothing printed on stdout, the store unchanged.
    func expectEmptyValueRefused(_ arguments: [String], option: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var arguments = arguments
        let index = try #require(arguments.firstIndex(of: option), sourceLocation: sourceLocation)
        arguments[index + 1] = ""
        try await expectRefused(arguments, exit: 64, naming: [option], sourceLocation: sourceLocation)
    }

    /// Every row of the store.
    func snapshot() async throws -> StoreSnapshot {
        try await StoreSnapshot.read(storePath)
    }

    /// The JSON value a command printed; fails unless stdout holds exactly one.
    func json(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) async throws -> Any {
        let stdout = try await succeed(arguments: arguments, sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
    }

    /// The elements of a JSON array a command printed.
    func jsonObjects(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) async throws -> [[String: Any]] {
        let stdout = try await succeed(arguments: arguments, sourceLocation: sourceLocation)
        let value = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        return try #require(value as? [[String: Any]], "not an array of objects: \(stdout)", sourceLocation: sourceLocation)
    }

    // MARK: Building a store through the command line

    /// `instances add` with test credentials; `url` defaults to a distinct https URL.
    func addInstance(_ id: String, url: String? = nil, _ extra: String..., sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let arguments = [
            "instances", "add", "--id", id, "--name", id.capitalized, "--url", url ?? "https://\(id).crm.dynamics.com",
            "--tenant-id", "tenant", "--client-id", "client", "--client-secret-file", secretPath,
        ]
        try await succeed(arguments: arguments + extra, sourceLocation: sourceLocation)
    }

    func importPosts(_ ids: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let file = try directory.write("posts-\(UUID().uuidString).jsonl", ids.map(JSONLines.post).joined(separator: "\n") + "\n")
        try await succeed("posts", "import", file, sourceLocation: sourceLocation)
    }

    /// Imports one active link per (post, instance) pair.
    func importLinks(_ links: [(post: String, instance: String)], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let lines = links.map { JSONLines.link(post: $0.post, instance: $0.instance) }
        let file = try directory.write("links-\(UUID().uuidString).jsonl", lines.joined(separator: "\n") + "\n")
        try await succeed("links", "import", file, sourceLocation: sourceLocation)
    }

    /// The links of `postID` as `links list --json` shows them.
    func links(ofPost postID: String) async throws -> [[String: Any]] {
        try await jsonObjects("links", "list", "--json").filter { $0["post_id"] as? String == postID }
    }

    /// The ids of `posts list --available --json`.
    func availablePosts() async throws -> [String] {
        try await jsonObjects("posts", "list", "--available", "--json").compactMap { $0["id"] as? String }
    }
}
