/// Limits how many requests run at once without busy waiting: callers beyond the limit
/// suspend in FIFO order until a permit is released. Public so that one semaphore can bound
/// work shared by every instance's client (the pages of whole-table reads decoded at once).
public actor AsyncSemaphore {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(permits: Int) {
        available = max(1, permits)
    }

    public func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Hands the permit straight to the oldest waiter, if any.
    public func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
