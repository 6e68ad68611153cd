import Foundation
import Glibc

/// A child process a test watches while it runs and ends at a moment of its own choosing,
/// e.g. with SIGKILL in the middle of a write (`ProcessRunner` is for programs that run to
/// completion). Owned by one thread; its blocking calls belong on a `DedicatedThread`.
public final class ChildProcess {
    /// How the child ended.
    public enum End: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "ended by signal \(signal)"
            }
        }
    }

    private let process = Process()
    private let output = Pipe()
    /// Held open for the child's whole life: a child may take its closing as the sign
    /// that its parent is gone.
    private let input = Pipe()
    private let errorLog: URL
    private var buffered: [UInt8] = []

    /// Starts `executable`; its stderr goes to `errorLog` (a file never fills up and
    /// blocks the child, as an unread pipe would).
    public init(_ executable: String, _ arguments: [String], errorLog: URL) throws {
        self.errorLog = errorLog
        try Data().write(to: errorLog)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardInput = input
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
    }

    deinit {
        if process.isRunning { end(with: SIGKILL) }
    }

    /// What the child wrote on stderr so far.
    public var errorOutput: String {
        (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
    }

    /// The next line on the child's stdout without its line break; nil when stdout closes
    /// (the child ended) or stays silent for `timeoutSeconds`.
    public func readLine(timeoutSeconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        let descriptor = output.fileHandleForReading.fileDescriptor
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeSubrange(...newline)
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, Int32(remaining * 1000) + 1)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffered += chunk[..<count]
        }
    }

    /// Sends `signal` and waits for the child to end. `.exited` means it had ended on its
    /// own before the signal arrived.
    @discardableResult
    public func end(with signal: Int32) -> End {
        // Not once Foundation has reaped it: its pid may belong to someone else by now.
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        switch process.terminationReason {
        case .exit: return .exited(process.terminationStatus)
        case .uncaughtSignal: return .signalled(process.terminationStatus)
        @unknown default: return .exited(process.terminationStatus)
        }
    }
}
