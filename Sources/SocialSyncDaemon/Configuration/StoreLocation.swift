import Glibc

/// Whether the configured `store` path can hold the store, checked by `check-config` so a
/// path that is a directory, or in a folder that does not exist, is refused there (exit 78
/// naming the key and the path) instead of when the daemon first opens it.
public enum StoreLocation {
    /// The problem with `configuration.storePath`, or nil when the file exists as a regular
    /// file or can be created in an existing folder.
    public static func problem(in configuration: Configuration) -> ConfigurationError? {
        let path = configuration.storePath
        let refuse = { (problem: String) in
            ConfigurationError(file: configuration.sourceFile ?? "built-in defaults", key: "store", problem: problem)
        }
        var status = stat()
        if stat(path, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFDIR { return refuse("\(path) is a directory, not a store file") }
            if status.st_mode & S_IFMT != S_IFREG { return refuse("\(path) is not a regular file") }
            return nil
        }
        guard errno == ENOENT else { return refuse("\(path): \(String(cString: strerror(errno)))") }
        let folder = Self.folder(of: path)
        guard stat(folder, &status) == 0 else { return refuse("the folder of \(path), \(folder), does not exist: \(String(cString: strerror(errno)))") }
        guard status.st_mode & S_IFMT == S_IFDIR else { return refuse("the folder of \(path), \(folder), is not a directory") }
        guard access(folder, W_OK) == 0 else { return refuse("\(path) does not exist and cannot be created in \(folder): \(String(cString: strerror(errno)))") }
        return nil
    }

    /// The directory part of an absolute path (`storePath` is always absolute).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
