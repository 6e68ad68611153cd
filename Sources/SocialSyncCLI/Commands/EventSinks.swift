import Glibc
import SocialSyncDaemon

/// Where the command line's engine events go.
enum EventSinks {
    static func forCommandLine(configuration: Configuration, environment: [String: String]) -> any DaemonEventSink {
        StderrEvents()
    }
}

private struct StderrEvents: DaemonEventSink {
    func record(_ event: DaemonEvent) {
        let line = "\(event)\n"
        _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }
}
