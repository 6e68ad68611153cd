/// Waits for something another process or thread does (a log line, a request reaching the
/// simulator), checking often and giving up late: the 30 s deadline only bounds a broken
/// run, so a loaded machine slows the test down instead of failing it. Never a way to let
/// time pass: what depends on time runs on a clock the test moves.
public func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(30)
    while try await !condition() {
        guard ContinuousClock.now < deadline else { return false }
        try await Task.sleep(for: .milliseconds(50))
    }
    return true
}
