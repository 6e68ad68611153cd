import Foundation
import SocialSyncCore
import Testing
@testable import SocialSyncStore

@Suite("Two processes on one file")
struct SharedFileTests {
    /// The CLI and the daemon each own a connection on their own thread. While one holds
    /// the write lock, the other's write waits (busy_timeout) and then succeeds.
    @Test("a second writer waits for the first instead of failing")
    func bothWrite() async throws {
        let fixture = try TestStore()
        try Sample.seed(fixture.store, posts: 2)
        let path = fixture.path
        let locked = DispatchSemaphore(value: 0)
        let holdSeconds = 0.3

        let results: [String] = await withCheckedContinuation { continuation in
            let collected = Collected(expected: 2) { continuation.resume(returning: $0) }
            Thread {
                collected.add(Self.outcome {
                    let daemon = try Store(path: path)
                    defer { daemon.close() }
                    try daemon.write { tx throws in
                        try Sample.link(tx, post: "p1")
                        locked.signal()
                        Thread.sleep(forTimeInterval: holdSeconds)
                    }
                    return "daemon"
                })
            }.start()
            Thread {
                locked.wait()
                collected.add(Self.outcome {
                    let cli = try Store(path: path)
                    defer { cli.close() }
                    let started = Date()
                    try cli.write { tx in try Sample.link(tx, post: "p2", number: 2) }
                    return Date().timeIntervalSince(started) > holdSeconds / 2 ? "cli waited" : "cli did not wait"
                })
            }.start()
        }
        #expect(results.sorted() == ["cli waited", "daemon"])
        #expect(try fixture.store.read { try $0.links.counts()[.active] } == 2)
    }

    private static func outcome(_ body: () throws -> String) -> String {
        do { return try body() } catch { return "failed: \(error)" }
    }
}

/// Gathers the outcome of each thread and hands them over once all have arrived.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [String] = []
    private let expected: Int
    private let done: @Sendable ([String]) -> Void

    init(expected: Int, done: @escaping @Sendable ([String]) -> Void) {
        self.expected = expected
        self.done = done
    }

    func add(_ outcome: String) {
        let finished: [String]? = lock.withLock {
            outcomes.append(outcome)
            return outcomes.count == expected ? outcomes : nil
        }
        if let finished { done(finished) }
    }
}
