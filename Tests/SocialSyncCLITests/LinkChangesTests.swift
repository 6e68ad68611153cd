import Foundation
import Glibc
import Testing
import TestSupport

/// `links changes`: the journal as a feed the social side keeps its link badges with.
@Suite("The change feed")
struct LinkChangesTests {
    static func lines(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
    }

    @Test func everyJournalRowOnceInOrderAndResumableFromItsSequenceNumber() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.importPosts(["p1", "p2"])
        try await sandbox.importLinks([(post: "p1", instance: "contoso"), (post: "p2", instance: "contoso")])
        try await sandbox.succeed("links", "unlink", "--post", "p1")
        let all = try Self.lines(try await sandbox.succeed("links", "changes"))
        try #require(all.count == 3)
        let sequence = all.compactMap { $0["seq"] as? Int }
        #expect(sequence.count == 3 && sequence == sequence.sorted() && Set(sequence).count == 3)
        #expect(all[0]["post_id"] as? String == "p1" && all[0]["instance"] as? String == "contoso")
        #expect(all[0]["from"] is NSNull && all[0]["to"] as? String == "active", "a link's creation has no from")
        #expect(all[2]["from"] as? String == "active" && all[2]["to"] as? String == "unlinked" && all[2]["reason"] as? String == "unlinked_by_user")
        #expect(all[2]["actor"] as? String == "user" && all[2]["at"] as? String != nil)
        let rest = try Self.lines(try await sandbox.succeed("links", "changes", "--since", String(sequence[0])))
        #expect(rest.compactMap { $0["seq"] as? Int } == Array(sequence.dropFirst()))
        #expect(try await sandbox.succeed("links", "changes", "--since", String(sequence[2])).isEmpty)
    }

    @Test(arguments: ["-1", "x", "1.5"])
    func aSinceThatIsNotASequenceNumberIsAUsageError(_ since: String) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.expectRefused(["links", "changes", "--since", since], exit: 64, naming: ["--since", since])
    }

    @Test func followStreamsRowsAsTheyCommitAndEndsWithStatus0OnSigterm() async throws {
        try await followEnds(with: SIGTERM)
    }

    @Test func followEndsWithStatus0OnSigint() async throws {
        try await followEnds(with: SIGINT)
    }

    private func followEnds(with signal: Int32) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.importPosts(["p1"])
        try await sandbox.importLinks([(post: "p1", instance: "contoso")])
        let (configPath, logPath) = (sandbox.configPath, sandbox.directory.path("follow.log"))
        let (backlog, change, end, log) = try await DedicatedThread.run { () throws -> (String?, String?, ChildProcess.End, String) in
            let follower = try ChildProcess(CLISandbox.binary, ["--config", configPath, "links", "changes", "--follow"], errorLog: URL(fileURLWithPath: logPath))
            let backlog = follower.readLine(timeoutSeconds: 20)
            let unlink = try ProcessRunner.run(CLISandbox.binary, ["--config", configPath, "links", "unlink", "--post", "p1"])
            guard unlink.status == 0 else { return (backlog, "unlink exited \(unlink.status): \(unlink.stderr)", follower.end(with: SIGKILL), follower.errorOutput) }
            let change = follower.readLine(timeoutSeconds: 20)
            return (backlog, change, follower.end(with: signal), follower.errorOutput)
        }
        let first = try Self.lines(try #require(backlog, "no backlog: \(log)"))
        #expect(first.first?["to"] as? String == "active")
        let next = try Self.lines(try #require(change, "the unlink did not arrive: \(log)"))
        #expect(next.first?["to"] as? String == "unlinked")
        #expect((next.first?["seq"] as? Int ?? 0) > (first.first?["seq"] as? Int ?? .max))
        #expect(end == .exited(0), "\(log)")
    }
}
