import Foundation
import Glibc
import SocialSyncDaemon
import TestSupport
import Testing

/// The sd_notify protocol against a real AF_UNIX datagram socket, as systemd would hold it.
@Suite struct SystemdNotifierTests {
    /// A bound datagram socket standing in for systemd's notification socket.
    final class NotifySocket: Sendable {
        let name: String
        let descriptor: Int32
        private let path: String?

        /// `abstract`: bind in the abstract namespace and name it `@…`, as systemd may.
        init(abstract: Bool) throws {
            let unique = "socialsync-notify-\(getpid())-\(UUID().uuidString.prefix(8))"
            path = abstract ? nil : FileManager.default.temporaryDirectory.appendingPathComponent(unique).path
            name = path ?? "@" + unique
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            var bytes = Array((path ?? unique).utf8)
            bytes = abstract ? [0] + bytes : bytes + [0]
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
            let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
            }
            guard bound == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            // Generous: a bound on waiting under a loaded CI machine, not a timing assertion.
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit {
            close(descriptor)
            if let path { unlink(path) }
        }

        /// The next datagram, or nil after the receive timeout.
        func receive() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            return count < 0 ? nil : String(decoding: buffer[0..<count], as: UTF8.self)
        }

        var notifier: SystemdNotifier { SystemdNotifier(environment: ["NOTIFY_SOCKET": name]) }
    }

    @Test(arguments: [false, true])
    func messagesArriveAsOneDatagram(abstract: Bool) throws {
        let socket = try NotifySocket(abstract: abstract)
        try socket.notifier.notify(.ready, .status("serving 2 instances\nall healthy"))
        #expect(socket.receive() == "READY=1\nSTATUS=serving 2 instances all healthy\n")
        try socket.notifier.notify(.stopping)
        #expect(socket.receive() == "STOPPING=1\n")
        try socket.notifier.notify(.watchdog)
        #expect(socket.receive() == "WATCHDOG=1\n")
    }

    @Test func reloadingCarriesTheMonotonicClock() throws {
        let socket = try NotifySocket(abstract: false)
        let before = SystemdNotifier.monotonicMicroseconds()
        try socket.notifier.notify(.reloadingNow())
        let after = SystemdNotifier.monotonicMicroseconds()
        let lines = try #require(socket.receive()).split(separator: "\n")
        #expect(lines.first == "RELOADING=1")
        let stamp = try #require(lines.last.flatMap { $0.hasPrefix("MONOTONIC_USEC=") ? UInt64($0.dropFirst("MONOTONIC_USEC=".count)) : nil })
        #expect((before...after).contains(stamp))
    }

    @Test func withoutNotifySocketNothingIsSent() throws {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        try notifier.notify(.ready)
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]).isEnabled)
    }

    @Test func aMissingSocketIsATypedError() {
        let path = "/nonexistent/socialsync-notify"
        #expect(throws: NotifyError(socket: path, call: "sendto", errno: ENOENT)) {
            try SystemdNotifier(environment: ["NOTIFY_SOCKET": path]).notify(.ready)
        }
        let tooLong = "/" + String(repeating: "x", count: 200)
        #expect(throws: NotifyError(socket: tooLong, call: "sockaddr_un", errno: 0)) {
            try SystemdNotifier(environment: ["NOTIFY_SOCKET": tooLong]).notify(.ready)
        }
    }

    @Test func watchdogScheduleReadsTheEnvironment() {
        let pid = getpid()
        #expect(WatchdogSchedule(environment: ["WATCHDOG_USEC": "60000000"], pid: pid)?.pingInterval == .seconds(30))
        #expect(WatchdogSchedule(environment: ["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "\(pid)"], pid: pid)?.timeout == .seconds(60))
        #expect(WatchdogSchedule(environment: ["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "\(pid + 1)"], pid: pid) == nil)
        #expect(WatchdogSchedule(environment: ["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "x"], pid: pid) == nil)
        #expect(WatchdogSchedule(environment: ["WATCHDOG_USEC": "0"], pid: pid) == nil)
        #expect(WatchdogSchedule(environment: ["WATCHDOG_USEC": "soon"], pid: pid) == nil)
        #expect(WatchdogSchedule(environment: [:], pid: pid) == nil)
    }

    @Test func pingerPingsOnlyWhileLoopsAreAlive() async throws {
        let socket = try NotifySocket(abstract: true)
        let liveness = LivenessTracker(defaultAllowance: .seconds(60))
        liveness.heartbeat(loop: "supervisor")
        let recorder = RecordingSink()
        let pinger = WatchdogPinger(schedule: WatchdogSchedule(timeout: .milliseconds(100)), notifier: socket.notifier, liveness: liveness, events: recorder)
        let task = Task { await pinger.run() }
        defer { task.cancel() }
        // The pinger runs on the concurrency pool like every test beside it: the waits are
        // bounds on a loaded machine, not timings.
        let first = try await DedicatedThread.run { socket.receiveWithin(milliseconds: 60_000) }
        let second = try await DedicatedThread.run { socket.receiveWithin(milliseconds: 60_000) }
        #expect(first == "WATCHDOG=1\n" && second == "WATCHDOG=1\n")

        liveness.expect(loop: "contoso", within: .zero, now: .now - .seconds(1))
        let noticed = { recorder.all.contains { if case .failure(component: "watchdog", instance: _, detail: let detail) = $0 { detail.contains("contoso") } else { false } } }
        for _ in 0..<3000 where !noticed() { try await Task.sleep(for: .milliseconds(20)) }
        #expect(noticed(), "the stuck loop is reported by name")
        while try await DedicatedThread.run({ socket.receiveWithin(milliseconds: 10) }) != nil {}
        #expect(try await DedicatedThread.run { socket.receiveWithin(milliseconds: 200) } == nil, "no ping while a loop is stuck")

        liveness.retire(loop: "contoso")
        #expect(try await DedicatedThread.run { socket.receiveWithin(milliseconds: 60_000) } == "WATCHDOG=1\n")
    }
}

extension SystemdNotifierTests.NotifySocket {
    /// The next datagram if one arrives within the time given.
    func receiveWithin(milliseconds: Int32) -> String? {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, milliseconds) == 1 else { return nil }
        return receive()
    }
}
