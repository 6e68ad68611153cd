import Dataverse
import Foundation
import Testing

@Suite("Secret source: files, systemd credentials, permissions")
struct SecretSourceTests {
    /// Runs `body` in a fresh directory, removed afterwards.
    func inTemporaryDirectory(_ body: (String) throws -> Void) throws {
        let path = NSTemporaryDirectory() + "socialsync-secret-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    func write(_ text: String, to path: String, mode: Int) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    @Test func pathWithTrailingNewlineAndPrivateMode() throws {
        try inTemporaryDirectory { directory in
            let path = directory + "/secret"
            try write("s3cr3t\n", to: path, mode: 0o600)
            let loaded = try SecretSource(reference: path, environment: [:]).load()
            #expect(loaded.secret == ClientSecret("s3cr3t"))
            #expect(loaded.warning == nil)
        }
    }

    @Test func bareNameReadsTheSystemdCredential() throws {
        try inTemporaryDirectory { directory in
            try write("from-systemd\r\n", to: directory + "/contoso-secret", mode: 0o400)
            let source = try SecretSource(reference: "contoso-secret", environment: ["CREDENTIALS_DIRECTORY": directory])
            #expect(source.path == directory + "/contoso-secret")
            #expect(try source.load().secret == ClientSecret("from-systemd"))
            #expect(throws: SecretError.self) { try SecretSource(reference: "contoso-secret", environment: [:]) }
        }
    }

    @Test func groupReadableFileWarnsNamingTheFile() throws {
        try inTemporaryDirectory { directory in
            let path = directory + "/secret"
            try write("s3cr3t", to: path, mode: 0o640)
            let warning = try #require(try SecretSource(reference: path, environment: [:]).load().warning)
            #expect(warning.contains(path))
            #expect(!warning.contains("s3cr3t"))
        }
    }

    @Test func missingOrEmptyFileIsATypedErrorWithoutContent() throws {
        try inTemporaryDirectory { directory in
            let missing = #expect(throws: SecretError.self) { try SecretSource(reference: directory + "/none", environment: [:]).load() }
            #expect(missing?.description.contains(directory + "/none") == true)
            try write("\n", to: directory + "/empty", mode: 0o600)
            let empty = #expect(throws: SecretError.self) { try SecretSource(reference: directory + "/empty", environment: [:]).load() }
            #expect(empty?.reason == .empty)
        }
    }
}
