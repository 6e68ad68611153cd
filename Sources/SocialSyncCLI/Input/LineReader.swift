import Glibc
import SocialSyncCore

/// Reads a JSON Lines file (or stdin for `-`) one line at a time, so an import of millions
/// of lines never holds the file in memory.
final class LineReader {
    let name: String
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0

    init(path: String) throws(CommandError) {
        if path == "-" {
            // A duplicate of descriptor 0, so closing this reader never closes stdin itself.
            guard let opened = fdopen(dup(STDIN_FILENO), "r") else {
                throw CommandError(.noInput, "stdin: \(String(cString: strerror(errno)))")
            }
            name = "stdin"
            file = opened
        } else {
            guard let opened = fopen(path, "r") else {
                throw CommandError(.noInput, "\(path): \(String(cString: strerror(errno)))")
            }
            name = path
            file = opened
        }
    }

    deinit {
        free(buffer)
        fclose(file)
    }

    /// The next line without its line break, or nil at the end of the input.
    func next() throws(CommandError) -> Substring? {
        let length = getline(&buffer, &capacity, file)
        guard length >= 0, let buffer else {
            if ferror(file) != 0 { throw CommandError(.ioError, "\(name): read error") }
            return nil
        }
        var text = String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)[...]
        while text.last == "\n" || text.last == "\r\n" || text.last == "\r" { text = text.dropLast() }
        return text
    }

    /// Visits every non-blank line with its 1-based number. A line the body refuses fails
    /// the whole import with a message naming the input and the line; the caller's
    /// transaction then rolls back, so nothing of the file is kept.
    func forEachLine(_ body: (Substring, Int) throws -> Void) throws {
        var number = 0
        while let line = try next() {
            number += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            do {
                try body(line, number)
            } catch let error as ImportError {
                throw CommandError(.dataError, "\(name): \(error); nothing was imported")
            }
        }
    }
}
