import Glibc

/// Whether stderr is connected to the journal. systemd sets `$JOURNAL_STREAM` to the
/// `device:inode` of the stream it connected; the variable alone is not enough, since a
/// child process inherits it even when its stderr was redirected elsewhere (systemd.exec).
public enum JournalStream {
    public static func isAttached(environment: [String: String], descriptor: Int32 = STDERR_FILENO) -> Bool {
        guard let value = environment["JOURNAL_STREAM"], let expected = parse(value) else { return false }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return false }
        return UInt64(status.st_dev) == expected.device && UInt64(status.st_ino) == expected.inode
    }

    /// `"8:12345"` → (8, 12345); nil for anything else.
    public static func parse(_ value: String) -> (device: UInt64, inode: UInt64)? {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return nil }
        return (device, inode)
    }
}
