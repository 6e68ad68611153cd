import Dispatch

/// Runs async client work from a synchronous command. The command runs on the main thread,
/// outside Swift's cooperative pool, so blocking it while the task runs cannot starve the pool.
enum AsyncBridge {
    static func wait<Result: Sendable>(_ work: @escaping @Sendable () async -> Result) -> Result {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<Result>()
        Task {
            box.value = await work()
            done.signal()
        }
        done.wait()
        return box.value!
    }

    /// Written once by the task before the semaphore is signalled, read after the wait.
    private final class ResultBox<Value>: @unchecked Sendable {
        var value: Value?
    }
}
