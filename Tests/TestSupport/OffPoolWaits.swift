import Foundation

/// Waits on a daemon (its notify messages, its exit) on a thread of their own: done on the
/// Swift concurrency pool, two threads here, a test waiting seconds for READY=1 starved
/// every other test of the process (a watchdog test saw no ping for 20 s).
extension NotifySocket {
    /// `await(_:timeoutSeconds:)`, off the pool.
    public func arrival(_ line: String, timeoutSeconds: Double) async throws -> [String]? {
        try await DedicatedThread.run { self.await(line, timeoutSeconds: timeoutSeconds) }
    }
}

extension Process {
    /// `waitUntilExit()`, off the pool.
    public func exit() async throws {
        let process = UncheckedProcess(self)
        try await DedicatedThread.run { process.value.waitUntilExit() }
    }
}

/// A `Process` handed to the thread that waits for it; only that thread touches it meanwhile.
private struct UncheckedProcess: @unchecked Sendable {
    let value: Process
    init(_ value: Process) { self.value = value }
}
