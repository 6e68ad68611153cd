import Foundation
import Glibc
import Synchronization

/// Writes one line per event to a descriptor (stderr in the daemon). Each line goes out
/// in a single `write(2)` under a lock, so lines from concurrent loops never interleave.
/// The level and format can change on reload without replacing the sink.
public final class LogSink: DaemonEventSink {
    private struct Settings {
        var style: LogStyle
        var minimumLevel: Configuration.LogLevel
    }

    private let descriptor: Int32
    private let stderrIsJournal: Bool
    private let clock: @Sendable () -> Date
    private let settings: Mutex<Settings>

    /// - Parameters:
    ///   - environment: read for `JOURNAL_STREAM` once, at creation.
    ///   - descriptor: where lines go; stderr unless a test captures them.
    public init(
        format: Configuration.LogFormat, level: Configuration.LogLevel,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        descriptor: Int32 = STDERR_FILENO, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.descriptor = descriptor
        self.clock = clock
        stderrIsJournal = JournalStream.isAttached(environment: environment, descriptor: descriptor)
        settings = Mutex(Settings(style: LogStyle(format: format, stderrIsJournal: stderrIsJournal), minimumLevel: level))
    }

    /// Applies a reloaded configuration's `log_format` and `log_level`.
    public func reconfigure(format: Configuration.LogFormat, level: Configuration.LogLevel) {
        let style = LogStyle(format: format, stderrIsJournal: stderrIsJournal)
        settings.withLock { $0 = Settings(style: style, minimumLevel: level) }
    }

    public func record(_ event: DaemonEvent) {
        guard let line = LogLine(event, at: clock()) else { return }
        write(line)
    }

    /// Writes a line unless its level is below `log_level`.
    public func write(_ line: LogLine) {
        settings.withLock { settings in
            guard line.level >= settings.minimumLevel else { return }
            let bytes = Array((LogFormatter.render(line, style: settings.style) + "\n").utf8)
            writeFully(bytes)
        }
    }

    /// One `write(2)` per line; the loop only continues after a signal or a partial write
    /// (a full pipe), and gives up on any other error: logging must never stop the daemon.
    private func writeFully(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
