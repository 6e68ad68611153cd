import Foundation
import Glibc
import SocialSyncDaemon
import Testing

/// The stderr sink: journald detection through `JOURNAL_STREAM`, level filtering, whole
/// lines under concurrency.
@Suite struct LogSinkTests {
    /// A temporary file standing in for stderr; its device and inode play the journal's.
    final class CapturedOutput {
        let path: String
        let descriptor: Int32

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("logsink-\(UUID().uuidString)").path
            descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw POSIXError(.EIO) }
        }

        deinit {
            close(descriptor)
            unlink(path)
        }

        var journalStream: String {
            var status = stat()
            fstat(descriptor, &status)
            return "\(status.st_dev):\(status.st_ino)"
        }

        var lines: [String] {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
    }

    static let fixedClock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_714_557_600) }
    static let verdictDown = DaemonEvent.verdictChanged(instance: "contoso", from: .healthy, to: .down, detail: "connect refused")

    @Test func journalStreamMustMatchTheDescriptor() throws {
        let output = try CapturedOutput()
        #expect(JournalStream.isAttached(environment: ["JOURNAL_STREAM": output.journalStream], descriptor: output.descriptor))
        #expect(!JournalStream.isAttached(environment: [:], descriptor: output.descriptor))
        #expect(!JournalStream.isAttached(environment: ["JOURNAL_STREAM": "1:2"], descriptor: output.descriptor))
        #expect(!JournalStream.isAttached(environment: ["JOURNAL_STREAM": "garbage"], descriptor: output.descriptor))
        let parsed = try #require(JournalStream.parse("8:12345"))
        #expect(parsed.device == 8 && parsed.inode == 12345)
        #expect(JournalStream.parse("8:") == nil)
        #expect(JournalStream.parse("8:1:2") == nil)
    }

    @Test func priorityPrefixOnlyWhenStderrIsTheJournal() throws {
        let journal = try CapturedOutput()
        LogSink(format: .auto, level: .info, environment: ["JOURNAL_STREAM": journal.journalStream], descriptor: journal.descriptor, clock: Self.fixedClock)
            .record(Self.verdictDown)
        #expect(journal.lines == ["<4>ts=2024-05-01T10:00:00.000Z level=warning event=instance.verdict instance=contoso from=healthy to=down detail=\"connect refused\""])

        let redirected = try CapturedOutput()
        LogSink(format: .auto, level: .info, environment: ["JOURNAL_STREAM": journal.journalStream], descriptor: redirected.descriptor, clock: Self.fixedClock)
            .record(Self.verdictDown)
        #expect(redirected.lines.count == 1)
        #expect(redirected.lines.first?.hasPrefix("ts=") == true)
    }

    @Test func jsonFormatWritesJSONLines() throws {
        let output = try CapturedOutput()
        LogSink(format: .json, level: .info, environment: [:], descriptor: output.descriptor, clock: Self.fixedClock).record(Self.verdictDown)
        let line = try #require(output.lines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["event"] as? String == "instance.verdict")
        #expect(object["level"] as? String == "warning")
    }

    @Test func levelFiltersAndReconfigureChangesIt() throws {
        let output = try CapturedOutput()
        let sink = LogSink(format: .logfmt, level: .warning, environment: [:], descriptor: output.descriptor, clock: Self.fixedClock)
        sink.record(.tokenRefreshed(instance: "contoso"))
        sink.record(.request(instance: "contoso", status: 200, seconds: 0.01))
        sink.record(Self.verdictDown)
        #expect(output.lines.map { $0.contains("event=instance.verdict") } == [true])

        sink.reconfigure(format: .json, level: .debug)
        sink.record(.request(instance: "contoso", status: 200, seconds: 0.01))
        #expect(output.lines.count == 2)
        #expect(output.lines.last?.hasPrefix("{\"ts\"") == true)
    }

    @Test func concurrentWritersNeverInterleave() async throws {
        let output = try CapturedOutput()
        let sink = LogSink(format: .logfmt, level: .debug, environment: [:], descriptor: output.descriptor)
        let detail = String(repeating: "x", count: 3000)
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for index in 0..<200 {
                        sink.record(.outboxRetry(instance: "i\(writer)", post: "p\(index)", attempts: 1, nextAttemptInSeconds: 1, detail: detail))
                    }
                }
            }
        }
        let lines = output.lines
        #expect(lines.count == 800)
        #expect(lines.allSatisfy { $0.hasPrefix("ts=") && $0.hasSuffix("detail=" + detail) })
    }
}
