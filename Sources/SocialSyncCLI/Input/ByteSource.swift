/// Where a `LineReader`'s bytes come from: a file descriptor, or in tests a source that
/// fails on cue, so that a read error in the middle of a file can be proven to fail the import.
protocol ByteSource: AnyObject {
    /// Fills the start of `buffer`; returns how many bytes, 0 only at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ReadFailure) -> Int
}

/// A read that failed, with the `errno` it failed with.
struct ReadFailure: Error, Equatable {
    var errno: Int32
}
