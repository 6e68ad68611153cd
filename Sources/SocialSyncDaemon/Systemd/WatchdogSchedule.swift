import Foundation
import Glibc

/// When to send `WATCHDOG=1`: systemd passes the timeout in `$WATCHDOG_USEC` and, when
/// set, the process meant in `$WATCHDOG_PID` (a child that inherited the variables must
/// not ping for its parent). Pinging at half the timeout tolerates one late round.
public struct WatchdogSchedule: Sendable, Equatable {
    public let timeout: Duration

    public var pingInterval: Duration { timeout / 2 }

    public init(timeout: Duration) {
        self.timeout = timeout
    }

    /// nil when the watchdog is off or meant for another process.
    public init?(environment: [String: String] = ProcessInfo.processInfo.environment, pid: Int32 = getpid()) {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 else { return nil }
        if let owner = environment["WATCHDOG_PID"] {
            guard Int32(owner) == pid else { return nil }
        }
        self.init(timeout: .microseconds(microseconds))
    }
}
