import Foundation
import Testing
import TestSupport

/// `posts import` and `links import`: all or nothing, and a refusal names the line.
@Suite("Imports")
struct ImportTests {
    @Test func postsImportWithABadLineInTheMiddleImportsNothingAndNamesTheLine() async throws {
        let sandbox = try CLISandbox()
        let file = try sandbox.directory.write("posts.jsonl", [
            JSONLines.post("p1"), JSONLines.post("p2"), #"{"id":"p3","url":"#, JSONLines.post("p4"),
        ].joined(separator: "\n"))
        try await sandbox.expectRefused(["posts", "import", file], exit: 65, naming: [file, "line 3"])
        #expect(try await sandbox.snapshot().posts.isEmpty, "p1 and p2 came before the bad line and must not be kept")
    }

    @Test func postsImportNamesTheLineAndTheFieldMissing() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.importPosts(["p0"])
        let file = try sandbox.directory.write("posts.jsonl", [
            JSONLines.post("p1"), #"{"id":"p2","author":"Ann","published_at":"2024-05-01T10:00:00Z"}"#, JSONLines.post("p3"),
        ].joined(separator: "\n"))
        try await sandbox.expectRefused(["posts", "import", file], exit: 65, naming: [file, "line 2", "url"])
        #expect(try await sandbox.snapshot().posts.map(\.id) == ["p0"])
    }

    @Test func postsImportRefusesAMisspeltKeyNamingIt() async throws {
        let sandbox = try CLISandbox()
        let misspelt = JSONLines.post("p2").replacingOccurrences(of: #""author""#, with: #""autor""#)
        let file = try sandbox.directory.write("posts.jsonl", [JSONLines.post("p1"), misspelt].joined(separator: "\n"))
        try await sandbox.expectRefused(["posts", "import", file], exit: 65, naming: [file, "line 2", "autor"])
    }

    @Test func importsAcceptWindowsLineEnds() async throws {
        let sandbox = try CLISandbox()
        let file = try sandbox.directory.write("posts.jsonl", [JSONLines.post("p1"), JSONLines.post("p2")].joined(separator: "\r\n") + "\r\n")
        try await sandbox.succeed("posts", "import", file)
        #expect(try await sandbox.snapshot().posts.map(\.id) == ["p1", "p2"])
    }

    @Test func postsImportRefusesAnIdRepeatedInTheFile() async throws {
        let sandbox = try CLISandbox()
        let file = try sandbox.directory.write("posts.jsonl", [JSONLines.post("p1"), JSONLines.post("p2"), JSONLines.post("p1")].joined(separator: "\n"))
        try await sandbox.expectRefused(["posts", "import", file], exit: 65, naming: [file, "line 3", "p1"])
    }

    @Test func postsImportRefusesAnIdAlreadyStored() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.importPosts(["p1"])
        let file = try sandbox.directory.write("posts.jsonl", [JSONLines.post("p2"), JSONLines.post("p1")].joined(separator: "\n"))
        try await sandbox.expectRefused(["posts", "import", file], exit: 65, naming: [file, "line 2", "p1"])
        #expect(try await sandbox.snapshot().posts.map(\.id) == ["p1"], "p2 came before the duplicate and must not be kept")
    }

    @Test func postsImportReadsStandardInput() async throws {
        let sandbox = try CLISandbox()
        let stdout = try await sandbox.succeed("posts", "import", "-", stdin: JSONLines.post("p1") + "\n\n" + JSONLines.post("p2") + "\n")
        #expect(stdout.contains("2"))
        #expect(try await sandbox.snapshot().posts.map(\.id) == ["p1", "p2"])
    }

    @Test func postsImportOfAMissingFileExits66NamingIt() async throws {
        let sandbox = try CLISandbox()
        let missing = sandbox.directory.path("absent.jsonl")
        try await sandbox.expectRefused(["posts", "import", missing], exit: 66, naming: [missing])
    }

    @Test func linksImportWithABadLineInTheMiddleImportsNothingAndNamesTheLine() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.importPosts(["p1", "p2", "p3"])
        let file = try sandbox.directory.write("links.jsonl", [
            JSONLines.link(post: "p1", instance: "contoso"),
            #"{"post_id":"p2","instance":"contoso","activity_id":"not-a-guid","record_entity":"incident","record_id":"\#(testGUID(2, 2))"}"#,
            JSONLines.link(post: "p3", instance: "contoso"),
        ].joined(separator: "\n"))
        try await sandbox.expectRefused(["links", "import", file], exit: 65, naming: [file, "line 2", "activity_id"])
        #expect(try await sandbox.snapshot().links.isEmpty, "the link of p1 came before the bad line and must not be kept")
    }

    @Test func linksImportNamesAnUnknownInstanceAndItsLine() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.importPosts(["p1", "p2"])
        let file = try sandbox.directory.write("links.jsonl", [
            JSONLines.link(post: "p1", instance: "contoso"), JSONLines.link(post: "p2", instance: "fabrikam"),
        ].joined(separator: "\n"))
        try await sandbox.expectRefused(["links", "import", file], exit: 65, naming: [file, "line 2", "fabrikam"])
    }

    @Test func linksImportNamesAnUnknownPostAndItsLine() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.importPosts(["p1"])
        let file = try sandbox.directory.write("links.jsonl", [
            JSONLines.link(post: "p1", instance: "contoso"), JSONLines.link(post: "ghost", instance: "contoso"),
        ].joined(separator: "\n"))
        try await sandbox.expectRefused(["links", "import", file], exit: 65, naming: [file, "line 2", "ghost"])
    }

    @Test func linksImportRefusesASecondCurrentLinkForAPost() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.addInstance("fabrikam")
        try await sandbox.importPosts(["p1", "p2"])
        let file = try sandbox.directory.write("links.jsonl", [
            JSONLines.link(post: "p1", instance: "contoso"), JSONLines.link(post: "p2", instance: "contoso"),
            JSONLines.link(post: "p1", instance: "fabrikam"),
        ].joined(separator: "\n"))
        try await sandbox.expectRefused(["links", "import", file], exit: 65, naming: [file, "line 3", "p1"])
    }

    @Test func r5_linksImportRefusesADeletedInstance() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.importPosts(["p1"])
        try await sandbox.succeed("instances", "delete", "contoso")
        let file = try sandbox.directory.write("links.jsonl", JSONLines.link(post: "p1", instance: "contoso"))
        try await sandbox.expectRefused(["links", "import", file], exit: 65, naming: [file, "line 1", "contoso", "deleted"])
    }

    @Test func r13_linksImportedToADisabledInstanceStartErrored() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso", "--disabled")
        try await sandbox.importPosts(["p1"])
        try await sandbox.importLinks([("p1", "contoso")])
        let links = try await sandbox.links(ofPost: "p1")
        #expect(links.map { $0["state"] as? String } == ["errored"])
        #expect(links.map { $0["reason"] as? String } == ["instance_disabled"])
    }

    // MARK: Inputs that must not slip through (interface.md "Inputs")

    /// A read error is never the end of the file: reading a directory fails at once, reliably.
    @Test(arguments: ["posts", "links"])
    func importOfAnUnreadableFileExits74NamingItAndTheLine(_ group: String) async throws {
        let sandbox = try CLISandbox()
        let directory = sandbox.directory.path("not-a-file")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        try await sandbox.expectRefused([group, "import", directory], exit: 74, naming: [directory, "line 1", "read error"])
    }

    @Test func postsImportOfDevZeroEndsWith65AtTheLineCap() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.expectRefused(["posts", "import", "/dev/zero"], exit: 65, naming: ["/dev/zero", "line 1", "1 MiB"])
    }

    @Test func postsImportOfALineOverTheCapImportsNothingAndNamesTheLine() async throws {
        let sandbox = try CLISandbox()
        let long = JSONLines.post("p2").replacingOccurrences(of: "about p2", with: String(repeating: "a", count: 1 << 20))
        let file = try sandbox.directory.write("posts.jsonl", [JSONLines.post("p1"), long, JSONLines.post("p3")].joined(separator: "\n"))
        try await sandbox.expectRefused(["posts", "import", file], exit: 65, naming: [file, "line 2", "1 MiB"])
        #expect(try await sandbox.snapshot().posts.isEmpty)
    }

    @Test func postsImportRefusesInvalidUTF8InsteadOfStoringReplacementCharacters() async throws {
        let sandbox = try CLISandbox()
        let file = sandbox.directory.path("posts.jsonl")
        var bytes = Data((JSONLines.post("p1") + "\n").utf8)
        bytes.append(Data(JSONLines.post("p2").replacingOccurrences(of: "about p2", with: "caf").utf8))
        let bad = try #require(bytes.lastRange(of: Data("caf".utf8)))
        bytes.insert(0xE9, at: bad.upperBound)
        try bytes.write(to: URL(fileURLWithPath: file))
        try await sandbox.expectRefused(["posts", "import", file], exit: 65, naming: [file, "line 2", "UTF-8"])
        #expect(try await sandbox.snapshot().posts.isEmpty)
    }

    @Test(arguments: [
        ("record_entity", "in cident/../x"), ("record_entity", "Incident;drop"), ("record_entity", String(repeating: "a", count: 129)),
        ("record_entity", "1ncident"), ("instance", "../contoso"), ("instance", "con\"toso"), ("instance", String(repeating: "c", count: 65)),
    ])
    func linksImportRefusesAFieldOutsideItsSyntaxNamingTheLine(_ key: String, _ value: String) async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.importPosts(["p1", "p2"])
        let good = JSONLines.link(post: "p1", instance: "contoso")
        var fields = try #require(try JSONSerialization.jsonObject(with: Data(JSONLines.link(post: "p2", instance: "contoso").utf8)) as? [String: Any])
        fields[key] = value
        let bad = try #require(String(data: try JSONSerialization.data(withJSONObject: fields), encoding: .utf8))
        let file = try sandbox.directory.write("links.jsonl", [good, bad].joined(separator: "\n"))
        try await sandbox.expectRefused(["links", "import", file], exit: 65, naming: [file, "line 2", key])
        #expect(try await sandbox.snapshot().links.isEmpty)
    }

    @Test func linksImportOfATenMegabyteEntityIsRefusedAtTheLineCap() async throws {
        let sandbox = try CLISandbox()
        try await sandbox.addInstance("contoso")
        try await sandbox.importPosts(["p1"])
        let huge = JSONLines.link(post: "p1", instance: "contoso").replacingOccurrences(of: #""incident""#, with: "\"" + String(repeating: "i", count: 10_000_000) + "\"")
        let file = try sandbox.directory.write("links.jsonl", huge)
        try await sandbox.expectRefused(["links", "import", file], exit: 65, naming: [file, "line 1"])
        #expect(try await sandbox.snapshot().links.isEmpty)
    }
}
