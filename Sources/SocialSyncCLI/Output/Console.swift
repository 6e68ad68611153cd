import Glibc

/// Where a command writes: data on stdout, messages and progress on stderr.
/// Writes go straight to the file descriptors (no buffering left behind on exit).
struct Console: Sendable {
    var standardOutput: Int32 = STDOUT_FILENO
    var standardError: Int32 = STDERR_FILENO

    func out(_ text: String) { write(text + "\n", to: standardOutput) }
    func err(_ text: String) { write(text + "\n", to: standardError) }

    /// Progress lines only make sense to a person watching a terminal.
    var stderrIsTerminal: Bool { isatty(standardError) == 1 }

    /// Rewrites one progress line in place on a terminal; silent otherwise.
    func progress(_ text: String) {
        guard stderrIsTerminal else { return }
        write("\r\u{1B}[K" + text, to: standardError)
    }

    func endProgress() {
        guard stderrIsTerminal else { return }
        write("\r\u{1B}[K", to: standardError)
    }

    private func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
