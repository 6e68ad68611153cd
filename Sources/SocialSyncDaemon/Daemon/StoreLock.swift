import Foundation
import Glibc
import Synchronization

/// The running daemon's claim on its store: an exclusive `flock(2)` on `<store>.lock`, held
/// for the daemon's whole life, so a second `socialsync run` on the same store refuses to
/// start instead of reconciling side by side with the first.
///
/// A separate file, because SQLite's own POSIX locks on the store file are dropped when any
/// descriptor of it is closed in the process; a flock on another file is untouched by that.
/// The file holds the holder's pid, for the message and for the command line, which asks
/// `holder` whether a daemon runs before handing it work (README "Commands against a
/// running service").
public final class StoreLock: Sendable {
    /// Why the lock could not be taken; `exitCode` follows sysexits.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// Another process holds it; `pid` as written in the file, nil when unreadable.
        case inUse(store: String, pid: Int32?)
        case cannotOpen(path: String, reason: String)

        public var description: String {
            switch self {
            case .inUse(let store, let pid):
                "store \(store) is in use by socialsync run (pid \(pid.map(String.init) ?? "unknown"))"
            case .cannotOpen(let path, let reason):
                "cannot open the store lock \(path): \(reason)"
            }
        }

        /// 75 (EX_TEMPFAIL) while another daemon runs, 74 (EX_IOERR) when the file cannot be opened.
        public var exitCode: Int32 {
            switch self {
            case .inUse: 75
            case .cannotOpen: 74
            }
        }
    }

    public static func path(forStore store: String) -> String { store + ".lock" }

    private let descriptor: Mutex<Int32?>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    /// Takes the lock without waiting and writes this process's pid into the file.
    public static func acquire(store: String) throws(Failure) -> StoreLock {
        let path = path(forStore: store)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        // A command's probe (`holder`) holds a shared lock for a moment: a few short retries
        // keep it from failing a starting daemon; a running one is refused within 0.1 s.
        var attempts = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            attempts += 1
            guard attempts < 10 else {
                let pid = readPID(descriptor)
                close(descriptor)
                throw .inUse(store: store, pid: pid)
            }
            usleep(10_000)
        }
        let text = Array("\(getpid())\n".utf8)
        ftruncate(descriptor, 0)
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return StoreLock(descriptor: descriptor)
    }

    /// The pid of the daemon holding the store's lock now, nil when none does. A shared
    /// probe, released at once: the answer is a snapshot, which is all a command needs to
    /// choose between asking the daemon and doing the work itself.
    public static func holder(store: String) -> Int32? {
        let descriptor = open(path(forStore: store), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return nil
        }
        return readPID(descriptor) ?? 0
    }

    /// Lets the next daemon start; the file stays (removing it would race a starting daemon).
    public func release() {
        descriptor.withLock { descriptor in
            guard let open = descriptor else { return }
            close(open)
            descriptor = nil
        }
    }

    deinit { release() }

    private static func readPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
