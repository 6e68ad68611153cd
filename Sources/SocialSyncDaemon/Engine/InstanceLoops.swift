import Synchronization

/// Which instance loops run, and which of the instances known at start still owe their
/// first pass (readiness waits for them).
final class InstanceLoops: Sendable {
    private struct State {
        var running: Set<String> = []
        /// nil once readiness was reported.
        var owingFirstPass: Set<String>? = []
    }

    private let state = Mutex(State())

    /// Marks the ids not yet running as running and returns them.
    func start(_ ids: [String]) -> [String] {
        state.withLock { state in
            let new = ids.filter { !state.running.contains($0) }
            state.running.formUnion(new)
            return new
        }
    }

    func stopped(_ id: String) {
        state.withLock { _ = $0.running.remove(id) }
    }

    /// Readiness waits for these; true when there are none (ready at once).
    func awaitFirstPasses(of ids: [String]) -> Bool {
        state.withLock { state in
            state.owingFirstPass = ids.isEmpty ? nil : Set(ids)
            return ids.isEmpty
        }
    }

    /// True exactly once: when the last owed first pass is done.
    func firstPassDone(_ id: String) -> Bool {
        state.withLock { state in
            guard state.owingFirstPass != nil else { return false }
            state.owingFirstPass?.remove(id)
            guard state.owingFirstPass?.isEmpty == true else { return false }
            state.owingFirstPass = nil
            return true
        }
    }
}
