import Glibc

/// Bytes read with read(2) from a descriptor this source owns and closes. read(2) is used
/// rather than stdio so that every failure is seen where it happens: an error is never
/// mistaken for the end of the file.
final class FileDescriptorSource: ByteSource {
    private let descriptor: Int32

    /// Opens `path` for reading, or duplicates stdin for `-` (so closing this source never
    /// closes the process's own stdin). The error is `errno`.
    init(path: String) throws(ReadFailure) {
        let opened = path == "-" ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { throw ReadFailure(errno: errno) }
        descriptor = opened
    }

    deinit { close(descriptor) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadFailure) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw ReadFailure(errno: errno) }
        }
    }
}
