extension Configuration.LogLevel {
    /// The syslog priority journald reads from a `<N>` line prefix (sd-daemon.h), so
    /// `journalctl -p warning` and priority-based alerting see the same levels as the line.
    public var syslogPriority: Int {
        switch self {
        case .error: 3
        case .warning: 4
        case .notice: 5
        case .info: 6
        case .debug: 7
        }
    }
}
