import Glibc

/// A failed POSIX call, named so a log line says which call failed and why.
public struct SystemCallError: Error, Equatable, CustomStringConvertible {
    public let call: String
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// True for the "try again later" answers of a non-blocking descriptor.
    public var isWouldBlock: Bool { errno == EAGAIN || errno == EWOULDBLOCK }

    public var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// Runs one POSIX call, retrying it when a signal interrupted it (EINTR), and turns the
/// conventional `-1` failure into a typed error carrying the call's name and errno.
@discardableResult
func systemCall<Result: BinaryInteger>(_ name: String, _ call: () -> Result) throws(SystemCallError) -> Result {
    while true {
        let result = call()
        if result != -1 { return result }
        let code = Glibc.errno
        if code != EINTR { throw SystemCallError(call: name, errno: code) }
    }
}
