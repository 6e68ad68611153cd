import Glibc

/// A notification systemd did not receive: the socket it was for, the call that failed,
/// and errno. The daemon logs it and carries on; a missed `READY=1` shows up in systemctl.
public struct NotifyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var socket: String
    public var call: String
    public var errno: Int32

    public init(socket: String, call: String, errno: Int32) {
        self.socket = socket
        self.call = call
        self.errno = errno
    }

    public var description: String {
        let reason = errno == 0 ? "socket name too long or empty" : "\(String(cString: strerror(errno))) (errno \(errno))"
        return "sd_notify to \(socket): \(call) failed: \(reason)"
    }
}
