import Foundation
import Testing
import TestSupport

/// On a read-only file system, commands that only read still work (they open the store
/// read-only), and a command that writes fails naming the store file.
@Suite("Read-only store", .enabled(if: ReadOnlyVolume.isAvailable, "needs root and the right to mount a tmpfs"))
struct ReadOnlyStoreTests {
    @Test func readingCommandsWorkOnAReadOnlyFileSystemAndWritingOnesNameTheStore() async throws {
        let volume = try ReadOnlyVolume()
        let config = try volume.directory.write("socialsync.json", #"{"store":"s.db","listen":""}"#)
        let secret = try volume.directory.write("client.secret", "not-a-real-secret\n")
        let store = volume.directory.path("s.db")
        func run(_ arguments: String...) async throws -> ProcessResult { try await CLISandbox.run(["--config", config] + arguments) }
        for arguments in [
            ["instances", "add", "--id", "contoso", "--name", "Contoso", "--url", "https://contoso.crm.dynamics.com", "--tenant-id", "t", "--client-id", "c", "--client-secret-file", secret],
            ["posts", "import", try volume.directory.write("posts.jsonl", JSONLines.post("p1") + "\n")],
        ] {
            let result = try await CLISandbox.run(["--config", config] + arguments)
            try #require(result.status == 0, "\(result.stderr)")
        }
        try volume.remountReadOnly()

        for arguments in [["instances", "list", "--json"], ["instances", "show", "contoso"], ["posts", "list"], ["links", "list"], ["status"], ["rules", "list"]] {
            let result = try await CLISandbox.run(["--config", config] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        #expect(try await run("instances", "list").stdout.contains("contoso"))
        let refused = try await run("instances", "disable", "contoso")
        #expect(refused.status == 74, "\(refused.stderr)")
        #expect(refused.stderr.contains("cannot write store file \(store)"), "\(refused.stderr)")
    }
}
