import Foundation
import Glibc

/// The sd_notify protocol without libsystemd (sd_notify(3)): newline-separated
/// `KEY=value` lines in one datagram to the AF_UNIX socket named by `$NOTIFY_SOCKET`.
/// Without that variable (not started by systemd, or `Type=simple`) every call is a
/// no-op, so the daemon calls it unconditionally.
public struct SystemdNotifier: Sendable {
    public enum Message: Sendable, Equatable {
        /// Startup finished, or a reload finished.
        case ready
        /// One line shown by `systemctl status`.
        case status(String)
        /// A reload started at this CLOCK_MONOTONIC time (µs), required by `Type=notify-reload`
        /// and harmless for `Type=notify`.
        case reloading(monotonicMicroseconds: UInt64)
        case stopping
        /// Keep-alive for `WatchdogSec=`.
        case watchdog

        /// A reload that starts now.
        public static func reloadingNow() -> Message {
            .reloading(monotonicMicroseconds: SystemdNotifier.monotonicMicroseconds())
        }

        var lines: String {
            switch self {
            case .ready: "READY=1"
            case .status(let text): "STATUS=" + text.map { $0.isNewline ? " " : String($0) }.joined()
            case .reloading(let microseconds): "RELOADING=1\nMONOTONIC_USEC=\(microseconds)"
            case .stopping: "STOPPING=1"
            case .watchdog: "WATCHDOG=1"
            }
        }
    }

    /// `$NOTIFY_SOCKET` as given: a path, or `@name` for the abstract namespace.
    public let socketName: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketName = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public var isEnabled: Bool { socketName != nil }

    /// The datagram for these messages, exactly as sent.
    public static func payload(_ messages: [Message]) -> String {
        messages.map(\.lines).joined(separator: "\n") + "\n"
    }

    /// Sends the messages in one datagram. Never blocks: a full socket queue is an error.
    public func notify(_ messages: Message...) throws(NotifyError) {
        guard let socketName else { return }
        guard var address = Self.address(socketName) else { throw NotifyError(socket: socketName, call: "sockaddr_un", errno: 0) }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw NotifyError(socket: socketName, call: "socket", errno: errno) }
        defer { close(descriptor) }
        let bytes = Array(Self.payload(messages).utf8)
        while true {
            let sent = withUnsafePointer(to: &address.storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    bytes.withUnsafeBytes { buffer in
                        sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), socketAddress, address.length)
                    }
                }
            }
            if sent >= 0 { return }
            if errno != EINTR { throw NotifyError(socket: socketName, call: "sendto", errno: errno) }
        }
    }

    /// CLOCK_MONOTONIC in microseconds, the clock `MONOTONIC_USEC` is read against.
    public static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }

    /// A path is written NUL-terminated; `@name` becomes a leading NUL and the name, with
    /// the length covering exactly those bytes (abstract names are not NUL-terminated).
    static func address(_ name: String) -> (storage: sockaddr_un, length: socklen_t)? {
        let isAbstract = name.hasPrefix("@")
        var pathBytes = Array(name.utf8)
        if isAbstract { pathBytes[0] = 0 } else { pathBytes.append(0) }
        var storage = sockaddr_un()
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        guard pathBytes.count > 1, pathBytes.count <= capacity else { return nil }
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + pathBytes.count
        return (storage, socklen_t(length))
    }
}
