import Glibc
import SocialSyncCore

/// Reads a JSON Lines file (or stdin for `-`) one line at a time, so an import of millions
/// of lines never holds the file in memory.
///
/// Every way a file can be unfit fails the whole import, naming the input and the line
/// (docs/interface.md, "Inputs"): a read error (74) is never taken for the end of the file,
/// a line longer than `maximumLineBytes` (65) is refused as soon as it passes the cap, so
/// memory stays bounded even on `/dev/zero`, and a line that is not UTF-8 (65) is refused
/// rather than stored with replacement characters.
final class LineReader {
    /// The longest line accepted, line break excluded: 1 MiB, far above any post Social
    /// Engagement exports (Dataverse's longest text column holds 1,048,576 characters).
    static let maximumLineBytes = 1 << 20

    let name: String
    private let source: any ByteSource
    /// One read's worth of the input; `chunkStart..<chunkEnd` is not yet handed out.
    private let chunk: UnsafeMutableRawBufferPointer
    private var chunkStart = 0
    private var chunkEnd = 0
    private var reachedEnd = false

    convenience init(path: String) throws(CommandError) {
        let name = path == "-" ? "stdin" : path
        do {
            try self.init(name: name, source: FileDescriptorSource(path: path))
        } catch {
            throw CommandError(.noInput, "\(name): \(String(cString: strerror(error.errno)))")
        }
    }

    /// `chunkSize` is how much one read asks for; tests make it small to cut lines across reads.
    init(name: String, source: any ByteSource, chunkSize: Int = 64 * 1024) {
        self.name = name
        self.source = source
        chunk = .allocate(byteCount: chunkSize, alignment: 1)
    }

    deinit { chunk.deallocate() }

    /// Visits every non-blank line with its 1-based number. A line the body refuses fails
    /// the whole import with a message naming the input and the line; the caller's
    /// transaction then rolls back, so nothing of the file is kept.
    func forEachLine(_ body: (Substring, Int) throws -> Void) throws {
        var number = 0
        while let bytes = try nextLine(number: number + 1) {
            number += 1
            do {
                let line = try UTF8Line.decode(bytes, line: number)[...]
                if line.allSatisfy(\.isWhitespace) { continue }
                try body(line, number)
            } catch let error as ImportError {
                throw CommandError(.dataError, "\(name): \(error); nothing was imported")
            }
        }
    }

    /// The bytes of line `number` without its line break (`\n`, `\r\n`), or nil at the end.
    private func nextLine(number: Int) throws(CommandError) -> [UInt8]? {
        var line: [UInt8] = []
        while true {
            if chunkStart == chunkEnd, try !refill(number: number) {
                return line.isEmpty ? nil : try finished(line, number: number)
            }
            let available = chunk[chunkStart..<chunkEnd]
            let newline = available.firstIndex(of: UInt8(ascii: "\n"))
            let taken = available[..<(newline ?? chunkEnd)]
            // One byte of slack for the `\r` of a Windows line end; `finished` checks exactly.
            guard line.count + taken.count <= Self.maximumLineBytes + 1 else { throw tooLong(number) }
            line.append(contentsOf: taken)
            if let newline {
                chunkStart = newline + 1
                return try finished(line, number: number)
            }
            chunkStart = chunkEnd
        }
    }

    /// Reads the next chunk; false at the end of the input (and after it, without reading).
    private func refill(number: Int) throws(CommandError) -> Bool {
        guard !reachedEnd else { return false }
        let count: Int
        do {
            count = try source.read(into: chunk)
        } catch {
            throw CommandError(.ioError, "\(name): read error at line \(number): \(String(cString: strerror(error.errno))); nothing was imported")
        }
        chunkStart = 0
        chunkEnd = count
        reachedEnd = count == 0
        return count > 0
    }

    /// The line without the carriage returns of a Windows line end, within the cap.
    private func finished(_ line: [UInt8], number: Int) throws(CommandError) -> [UInt8] {
        var line = line
        while line.last == UInt8(ascii: "\r") { line.removeLast() }
        guard line.count <= Self.maximumLineBytes else { throw tooLong(number) }
        return line
    }

    private func tooLong(_ number: Int) -> CommandError {
        CommandError(.dataError, "\(name): line \(number): longer than \(Self.maximumLineBytes) bytes (1 MiB), the longest line an import accepts; nothing was imported")
    }
}
