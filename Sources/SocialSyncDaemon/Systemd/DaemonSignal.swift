import Glibc

/// The signals the daemon acts on: terminate and interrupt drain and exit, hangup reloads.
public enum DaemonSignal: Sendable, CaseIterable, Equatable {
    case terminate, interrupt, hangup

    public var number: Int32 {
        switch self {
        case .terminate: SIGTERM
        case .interrupt: SIGINT
        case .hangup: SIGHUP
        }
    }
}
