import Foundation

/// The package's executables, found beside the running test bundle so the tests use the
/// binaries of the same build (whatever `--scratch-path` or configuration built them).
public enum BuiltProducts {
    public static var directory: URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent()
    }

    public static func path(of product: String) -> String {
        directory.appendingPathComponent(product).path
    }
}
