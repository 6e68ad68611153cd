import Foundation
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore
import Testing

/// The log encodings: stable names and fields, quoting, one line whatever the values hold.
@Suite struct LogFormatterTests {
    static let instant = Date(timeIntervalSince1970: 1_714_557_600.125)

    private func line(_ event: DaemonEvent) throws -> LogLine {
        try #require(LogLine(event, at: Self.instant))
    }

    @Test func transitionInLogfmtHasTheDocumentedShape() throws {
        let event = DaemonEvent.transition(LinkChange(instanceID: "contoso", postID: "p1", from: .active, to: .errored, reason: .instanceDown, actor: .reconciler))
        #expect(LogFormatter.logfmt(try line(event))
            == "ts=2024-05-01T10:00:00.125Z level=info event=link.transition instance=contoso post=p1 from=active to=errored reason=instance_down actor=reconciler")
    }

    @Test func levelsFollowWhatAnOperatorMustSee() throws {
        let cases: [(DaemonEvent, Configuration.LogLevel, String)] = [
            (.probed(instance: "c", probed: .healthy, held: .healthy, detail: "200", seconds: 0.1), .debug, "instance.probe"),
            (.probed(instance: "c", probed: .down, held: .healthy, detail: "connect", seconds: 0.1), .info, "instance.probe"),
            (.verdictChanged(instance: "c", from: .healthy, to: .down, detail: "x"), .warning, "instance.verdict"),
            (.verdictChanged(instance: "c", from: .down, to: .healthy, detail: "x"), .notice, "instance.verdict"),
            (.organizationMismatch(instance: "c", known: "a", observed: "b"), .error, "instance.organization_mismatch"),
            (.transition(LinkChange(instanceID: "c", postID: "p", from: .active, to: .broken, reason: .recordDeleted, actor: .reconciler)), .warning, "link.transition"),
            (.transition(LinkChange(instanceID: "c", postID: "p", from: .active, to: .removed, reason: .instanceDeleted, actor: .reconciler)), .warning, "link.transition"),
            (.request(instance: "c", status: 200, seconds: 0.01), .debug, "request"),
            (.tokenRefreshed(instance: "c"), .info, "token.refresh"),
            (.outboxSent(instance: "c", post: "p", attempts: 1), .info, "outbox.sent"),
            (.outboxRetry(instance: "c", post: "p", attempts: 2, nextAttemptInSeconds: 4, detail: "503"), .warning, "outbox.retry"),
            (.throttled(instance: "c", untilSeconds: 30), .warning, "instance.throttled"),
            (.passFinished(instance: "c", kind: .verify, seconds: 1.5, verified: 10, changed: 1, undetermined: 0), .info, "pass.finished"),
            (.passFinished(instance: "c", kind: .verify, seconds: 1.5, verified: 10, changed: 1, undetermined: 4), .warning, "pass.finished"),
            (.passFinished(instance: "c", kind: .outbox, seconds: 0.01, verified: 0, changed: 0, undetermined: 0), .debug, "pass.finished"),
            (.passFinished(instance: "c", kind: .outbox, seconds: 0.5, verified: 3, changed: 3, undetermined: 0), .info, "pass.finished"),
            (.instanceRetired(instance: "c"), .notice, "instance.retired"),
            (.instanceReassociated(instance: "c2", deleted: "c", restorable: 3, relinked: 1), .notice, "instance.reassociated"),
            (.failure(component: "store", instance: nil, detail: "busy"), .error, "daemon.failure"),
            (.warning(component: "secrets", detail: "mode 0644"), .warning, "daemon.warning"),
            (.lifecycle(.ready, detail: ""), .notice, "daemon.lifecycle"),
            (.lifecycle(.reloadRejected, detail: "bad key"), .warning, "daemon.lifecycle"),
        ]
        for (event, level, name) in cases {
            let logLine = try line(event)
            #expect(logLine.level == level, "\(event)")
            #expect(logLine.event == name, "\(event)")
        }
    }

    @Test func gaugeOnlyEventsWriteNoLine() {
        #expect(LogLine(.linkCounts([.active: 3]), at: Self.instant) == nil)
        #expect(LogLine(.outboxDepth(2), at: Self.instant) == nil)
    }

    /// The pass's line says how the activities were read; a poll's line has no mode.
    @Test func aVerificationLineNamesItsMode() throws {
        let table = try line(.passFinished(instance: "c", kind: .verify, seconds: 1, verified: 10, changed: 0, undetermined: 0, mode: .table))
        #expect(table.fields.contains(LogField("mode", "table")))
        let poll = try line(.passFinished(instance: "c", kind: .poll, seconds: 1, verified: 0, changed: 0, undetermined: 0))
        #expect(!poll.fields.contains { $0.key == "mode" })
    }

    @Test func durationsAreWholeMilliseconds() throws {
        let logLine = try line(.passFinished(instance: "c", kind: .poll, seconds: 1.2345, verified: 0, changed: 0, undetermined: 0))
        #expect(logLine.fields.contains(LogField("duration_ms", 1235)))
        #expect(LogField(milliseconds: "x", seconds: .nan) == LogField("x", 0))
        #expect(LogField(milliseconds: "x", seconds: .infinity) == LogField("x", 0))
    }

    @Test func logfmtQuotesOnlyWhatMustBeQuoted() {
        #expect(LogFormatter.logfmtValue("plain-value_1.2") == "plain-value_1.2")
        #expect(LogFormatter.logfmtValue("") == "\"\"")
        #expect(LogFormatter.logfmtValue("two words") == "\"two words\"")
        #expect(LogFormatter.logfmtValue("a=b") == "\"a=b\"")
        #expect(LogFormatter.logfmtValue("say \"hi\"") == "\"say \\\"hi\\\"\"")
        #expect(LogFormatter.logfmtValue("back\\slash") == "\"back\\\\slash\"")
        #expect(LogFormatter.logfmtValue("line\nbreak\r\tx") == "\"line\\nbreak\\r\\tx\"")
        #expect(LogFormatter.logfmtValue("bell\u{07}sep\u{2028}") == "\"bell\\u0007sep\\u2028\"")
        #expect(LogFormatter.logfmtValue("café") == "café")
    }

    @Test func jsonLinesKeepTheOrderAndTypes() throws {
        let logLine = try line(.outboxRetry(instance: "contoso", post: "p1", attempts: 3, nextAttemptInSeconds: 2.5, detail: "503 \"busy\"\nretry"))
        let text = LogFormatter.json(logLine)
        #expect(!text.contains("\n"))
        #expect(text.hasPrefix(#"{"ts":"2024-05-01T10:00:00.125Z","level":"warning","event":"outbox.retry","instance":"contoso","post":"p1","attempts":3,"retry_in_ms":2500,"detail":"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["detail"] as? String == "503 \"busy\"\nretry")
        #expect(object["attempts"] as? Int == 3)
    }

    @Test func priorityPrefixOnlyWhenTheStyleAsksForIt() throws {
        let logLine = try line(.verdictChanged(instance: "c", from: .healthy, to: .down, detail: "connect"))
        #expect(LogFormatter.render(logLine, style: LogStyle(encoding: .logfmt, priorityPrefix: true)).hasPrefix("<4>ts="))
        #expect(LogFormatter.render(logLine, style: LogStyle(encoding: .json, priorityPrefix: true)).hasPrefix("<4>{"))
        #expect(LogFormatter.render(logLine, style: LogStyle(encoding: .logfmt, priorityPrefix: false)).hasPrefix("ts="))
        #expect(LogStyle(format: .auto, stderrIsJournal: true) == LogStyle(encoding: .logfmt, priorityPrefix: true))
        #expect(LogStyle(format: .json, stderrIsJournal: false) == LogStyle(encoding: .json, priorityPrefix: false))
    }

    /// Fuzz: whatever a detail or key holds, each encoding is one line, JSON parses back to
    /// the same values, and logfmt parses back to the same pairs.
    @Test func anyValueStaysOnOneLineAndRoundTrips() throws {
        let alphabet: [Character] = ["a", "Z", "0", " ", "=", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1b}", "\u{7f}", "\u{85}", "\u{2028}", "é", "🙂", ":", "-", "."]
        var generator = SplitMix64(seed: 0x50c1a1)
        for _ in 0..<500 {
            let value = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let key = String((0..<Int.random(in: 0...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let logLine = LogLine(timestamp: Self.instant, level: .info, event: "fuzz", fields: [LogField("detail", value), LogField(key, 7)])
            let logfmt = LogFormatter.logfmt(logLine)
            let json = LogFormatter.json(logLine)
            for text in [logfmt, json] {
                #expect(!text.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{85}" }, "\(text)")
            }
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(object["detail"] as? String == value)
            let pairs = try LogfmtReader.pairs(logfmt)
            #expect(pairs.count == 5, "\(logfmt)")
            #expect(pairs[3].key == "detail")
            #expect(pairs[3].value == value, "\(logfmt)")
            #expect(pairs[4].value == "7")
        }
    }
}

/// A deterministic generator, so a fuzz failure reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An independent logfmt reader (go-logfmt's rules): bare values end at a space, quoted
/// values take the escapes the formatter writes.
enum LogfmtReader {
    struct Malformed: Error { var text: String }

    static func pairs(_ text: String) throws -> [(key: String, value: String)] {
        var result: [(String, String)] = []
        var scalars = Substring(text).unicodeScalars[...]
        while !scalars.isEmpty {
            guard let equals = scalars.firstIndex(of: "=") else { throw Malformed(text: text) }
            let key = String(String.UnicodeScalarView(scalars[..<equals]))
            guard !key.isEmpty, !key.unicodeScalars.contains(" ") else { throw Malformed(text: text) }
            scalars = scalars[scalars.index(after: equals)...]
            var value = String.UnicodeScalarView()
            if scalars.first == "\"" {
                scalars = scalars.dropFirst()
                while true {
                    guard let scalar = scalars.popFirst() else { throw Malformed(text: text) }
                    if scalar == "\"" { break }
                    guard scalar == "\\" else { value.append(scalar); continue }
                    switch scalars.popFirst() {
                    case "n": value.append("\n")
                    case "r": value.append("\r")
                    case "t": value.append("\t")
                    case "\"": value.append("\"")
                    case "\\": value.append("\\")
                    case "u":
                        let digits = String(String.UnicodeScalarView(scalars.prefix(4)))
                        scalars = scalars.dropFirst(4)
                        guard let code = UInt32(digits, radix: 16), let decoded = Unicode.Scalar(code) else { throw Malformed(text: text) }
                        value.append(decoded)
                    default: throw Malformed(text: text)
                    }
                }
            } else {
                while let scalar = scalars.first, scalar != " " { value.append(scalar); scalars = scalars.dropFirst() }
            }
            result.append((key, String(value)))
            if scalars.first == " " { scalars = scalars.dropFirst() } else if !scalars.isEmpty { throw Malformed(text: text) }
        }
        return result
    }
}
