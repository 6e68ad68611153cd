import Foundation
import Glibc
import TestSupport

/// A small tmpfs mounted for one test and remounted read-only on demand: the only way to
/// show root (who ignores file modes) a file system it cannot write. Needs root and the
/// right to mount; `isAvailable` says whether this machine grants it.
final class ReadOnlyVolume: Sendable {
    let directory = TemporaryDirectory("socialsync-ro")

    static let isAvailable: Bool = geteuid() == 0 && (try? ReadOnlyVolume()) != nil

    init() throws {
        try Self.mount(["-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", directory.url.path])
    }

    func remountReadOnly() throws {
        try Self.mount(["-o", "remount,ro", directory.url.path])
    }

    deinit { _ = try? ProcessRunner.run("/bin/umount", ["-l", directory.url.path]) }

    private static func mount(_ arguments: [String]) throws {
        let result = try ProcessRunner.run("/bin/mount", arguments)
        guard result.status == 0 else { throw MountRefused(message: result.stderr) }
    }

    struct MountRefused: Error { var message: String }
}
