import Foundation

/// Runs blocking work (child processes, SQLite, sleeps) on a thread of its own. The Swift
/// concurrency pool has about as many threads as cores, two here: a test that blocked one
/// of them would stall every other test running beside it.
public enum DedicatedThread {
    public static func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try body() })
            }
        }
    }
}
