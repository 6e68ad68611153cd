import Dispatch
import Glibc
import Synchronization

/// Delivers signals as an `AsyncStream`, so the run loop awaits them like any other event.
///
/// How libdispatch catches signals on Linux decides the order of things here: on the first
/// source for a signal it installs a handler of its own (once per process) and reads the
/// signal through a signalfd. So a signal still at its default action is set to `SIG_IGN`
/// before the source exists (a SIGTERM in between must not kill the daemon), a handler
/// already in place is left alone (replacing it would silently stop delivery), and `init`
/// returns only once the sources are registered, so no signal sent after it is lost.
/// SIGPIPE is ignored for good: a closed peer must surface as EPIPE, not kill the daemon.
public final class SignalEvents: Sendable {
    public let signals: AsyncStream<DaemonSignal>
    private let continuation: AsyncStream<DaemonSignal>.Continuation
    private let sources: Mutex<[any DispatchSourceSignal]>

    public init(watching watched: [DaemonSignal] = DaemonSignal.allCases) {
        signal(SIGPIPE, SIG_IGN)
        (signals, continuation) = AsyncStream.makeStream(of: DaemonSignal.self, bufferingPolicy: .unbounded)
        let queue = DispatchQueue(label: "socialsync.signals")
        let registered = DispatchGroup()
        var created: [any DispatchSourceSignal] = []
        for watchedSignal in watched {
            Self.ignoreIfDefault(watchedSignal.number)
            let source = DispatchSource.makeSignalSource(signal: watchedSignal.number, queue: queue)
            let continuation = continuation
            source.setEventHandler { continuation.yield(watchedSignal) }
            registered.enter()
            source.setRegistrationHandler { registered.leave() }
            source.resume()
            created.append(source)
        }
        _ = registered.wait(timeout: .now() + .seconds(2))
        sources = Mutex(created)
    }

    /// Stops watching and ends the stream. The signals stay caught (and so have no effect)
    /// until another `SignalEvents` watches them: the daemon is shutting down by then.
    public func cancel() {
        let ended = sources.withLock { sources in
            defer { sources.removeAll() }
            return sources
        }
        for source in ended { source.cancel() }
        continuation.finish()
    }

    deinit { cancel() }

    private static func ignoreIfDefault(_ number: Int32) {
        var current = sigaction()
        sigaction(number, nil, &current)
        let handler = current.__sigaction_handler.sa_handler
        if handler == nil || unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_DFL, to: Int.self) {
            signal(number, SIG_IGN)
        }
    }
}
