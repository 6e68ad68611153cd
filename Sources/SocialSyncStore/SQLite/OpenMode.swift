import CSQLite
import Foundation

/// How SQLite opens the store file. Commands that only read open an existing, up-to-date
/// store without write access, so they work where the file cannot be written: a read-only
/// file system, or a user who may read but not write the service's store.
enum OpenMode: Equatable {
    /// Read and write, creating the file and migrating it.
    case readWrite
    /// `SQLITE_OPEN_READONLY`: reads share the write-ahead log's index (-shm) with a
    /// writer that may be running, so they see its commits.
    case readOnly
    /// `immutable=1`: on a read-only file system with no write-ahead log left, nothing can
    /// change the file, and SQLite could neither create the -shm index a plain read-only
    /// opening of a WAL database needs (sqlite.org "WAL mode", "read-only databases").
    case immutable

    /// The mode for reading a store that exists. A log left beside the file (an unclean
    /// stop) holds committed transactions, so it must be read: only without one is
    /// `immutable` safe, and only where no process can write the file.
    static func forReading(fileSystemIsReadOnly: Bool, writeAheadLogExists: Bool) -> OpenMode {
        fileSystemIsReadOnly && !writeAheadLogExists ? .immutable : .readOnly
    }

    /// `forReading` for the file at `path`.
    static func forReading(path: String) -> OpenMode {
        var volume = statvfs()
        let readOnlyVolume = statvfs(path, &volume) == 0 && volume.f_flag & UInt(ST_RDONLY) != 0
        return forReading(fileSystemIsReadOnly: readOnlyVolume, writeAheadLogExists: access(path + "-wal", F_OK) == 0)
    }

    /// The name and flags for `sqlite3_open_v2`.
    func openArguments(path: String) -> (filename: String, flags: Int32) {
        switch self {
        case .readWrite: (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX)
        case .readOnly: (path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX)
        case .immutable: ("file:\(Self.uriEscaped(path))?immutable=1", SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX)
        }
    }

    /// A path as the path of a `file:` URI: `%`, `?` and `#` would otherwise end or alter it.
    static func uriEscaped(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3F").replacingOccurrences(of: "#", with: "%23")
    }
}
