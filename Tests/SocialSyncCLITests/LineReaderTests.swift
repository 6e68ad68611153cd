import Glibc
import Testing
@testable import SocialSyncCLI

/// The reader behind `posts import` and `links import`: a failing read, an over-long line
/// and invalid UTF-8 each fail the import, naming the input and the line (interface.md "Inputs").
@Suite("Line reader")
struct LineReaderTests {
    /// Hands out its bytes at most `step` at a time, then fails with `failure` instead of
    /// ending, as a disk or network file system can in the middle of a file.
    final class ScriptedSource: ByteSource {
        private let bytes: [UInt8]
        private let failure: Int32?
        private let step: Int
        private var offset = 0

        init(bytes: [UInt8], thenFailWith failure: Int32? = nil, step: Int = 7) {
            self.bytes = bytes
            self.failure = failure
            self.step = step
        }

        convenience init(_ text: String, thenFailWith failure: Int32? = nil, step: Int = 7) {
            self.init(bytes: Array(text.utf8), thenFailWith: failure, step: step)
        }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadFailure) -> Int {
            if offset == bytes.count, let failure { throw ReadFailure(errno: failure) }
            let count = min(buffer.count, bytes.count - offset, step)
            buffer.copyBytes(from: bytes[offset..<(offset + count)])
            offset += count
            return count
        }
    }

    private func lines(of reader: LineReader) throws -> [String] {
        var seen: [String] = []
        try reader.forEachLine { line, number in seen.append("\(number):\(line)") }
        return seen
    }

    @Test func aReadErrorAfterTwoLinesFailsWithIOErrorNamingTheInputAndTheLine() throws {
        let reader = LineReader(name: "posts.jsonl", source: ScriptedSource("{\"a\":1}\n{\"b\":2}\n", thenFailWith: EIO), chunkSize: 5)
        var visited: [Int] = []
        let error = try #require(throws: CommandError.self) {
            try reader.forEachLine { _, number in visited.append(number) }
        }
        #expect(error.code == .ioError)
        #expect(error.message.contains("posts.jsonl"))
        #expect(error.message.contains("line 3"))
        #expect(error.message.contains(String(cString: strerror(EIO))))
        #expect(visited == [1, 2], "the caller's transaction rolls back on the error, so the two lines are not kept")
    }

    @Test func aReadErrorInsideALineFailsToo() throws {
        let reader = LineReader(name: "stdin", source: ScriptedSource("{\"a\":1}\n{\"b\"", thenFailWith: EIO), chunkSize: 3)
        let error = try #require(throws: CommandError.self) { _ = try lines(of: reader) }
        #expect(error.code == .ioError)
        #expect(error.message.contains("line 2"))
    }

    @Test func linesCutAcrossReadsComeWholeWithWindowsLineEndsAndBlankLinesSkipped() throws {
        let reader = LineReader(name: "f", source: ScriptedSource("one\r\n\ntwo\nthree"), chunkSize: 2)
        #expect(try lines(of: reader) == ["1:one", "3:two", "4:three"])
    }

    @Test func aLineOfExactlyTheCapIsAcceptedWithOrWithoutCarriageReturn() throws {
        let full = String(repeating: "x", count: LineReader.maximumLineBytes)
        let reader = LineReader(name: "f", source: ScriptedSource(full + "\r\n" + full + "\n", step: 1 << 16))
        var lengths: [Int] = []
        try reader.forEachLine { line, _ in lengths.append(line.utf8.count) }
        #expect(lengths == [LineReader.maximumLineBytes, LineReader.maximumLineBytes])
    }

    @Test(arguments: ["\n", "\r\n", ""])
    func aLineOverTheCapFailsWithDataErrorNamingTheLine(_ end: String) throws {
        let long = String(repeating: "x", count: LineReader.maximumLineBytes + 1)
        let reader = LineReader(name: "big.jsonl", source: ScriptedSource("{}\n" + long + end, step: 1 << 16))
        let error = try #require(throws: CommandError.self) { _ = try lines(of: reader) }
        #expect(error.code == .dataError)
        #expect(error.message.contains("big.jsonl"))
        #expect(error.message.contains("line 2"))
        #expect(error.message.contains("1 MiB"))
    }

    @Test func invalidUTF8FailsWithDataErrorNamingTheLineAndTheByte() throws {
        let reader = LineReader(name: "posts.jsonl", source: ScriptedSource(bytes: Array("{}\nab".utf8) + [0xFF, 0x0A]))
        let error = try #require(throws: CommandError.self) { _ = try lines(of: reader) }
        #expect(error.code == .dataError)
        #expect(error.message.contains("posts.jsonl: line 2: not valid UTF-8"))
        #expect(error.message.contains("byte 3"))
    }
}
