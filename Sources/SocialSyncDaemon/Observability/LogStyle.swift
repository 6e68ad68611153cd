/// How lines are encoded on stderr: the configured format resolved against where stderr
/// actually goes.
public struct LogStyle: Sendable, Equatable {
    public enum Encoding: Sendable, Equatable { case logfmt, json }

    public var encoding: Encoding
    /// `<N>` before each line, read and stripped by journald (`SyslogLevelPrefix=`, on by
    /// default). Only when stderr is the journal: anywhere else it would be noise.
    public var priorityPrefix: Bool

    public init(encoding: Encoding, priorityPrefix: Bool) {
        self.encoding = encoding
        self.priorityPrefix = priorityPrefix
    }

    /// `auto` is logfmt, which reads well both in a terminal and in `journalctl`. The
    /// priority prefix follows stderr, whatever the format: journald strips it before
    /// storing the message, so a JSON line stays pure JSON in the journal.
    public init(format: Configuration.LogFormat, stderrIsJournal: Bool) {
        self.init(encoding: format == .json ? .json : .logfmt, priorityPrefix: stderrIsJournal)
    }
}
