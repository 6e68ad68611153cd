import Glibc
import SocialSyncDaemon
import Testing

/// Signals reach the stream and never take their default action (SIGHUP would end the
/// test process). Serialized: both tests watch SIGHUP.
@Suite(.serialized) struct SignalEventsTests {
    /// The first signal the stream yields within five seconds.
    private func firstSignal(of events: SignalEvents) async -> DaemonSignal? {
        await withTaskGroup(of: DaemonSignal?.self) { group in
            group.addTask {
                for await signal in events.signals { return signal }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(5))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    @Test func hangupArrivesOnTheStream() async {
        let events = SignalEvents(watching: [.hangup])
        defer { events.cancel() }
        var action = sigaction()
        sigaction(SIGHUP, nil, &action)
        let handler = action.__sigaction_handler.sa_handler
        #expect(handler != nil && unsafeBitCast(handler, to: Int.self) != unsafeBitCast(SIG_DFL, to: Int.self))
        kill(getpid(), SIGHUP)
        #expect(await firstSignal(of: events) == .hangup)
    }

    @Test func aLaterWatcherStillReceivesAndCancelEndsTheStream() async {
        let earlier = SignalEvents(watching: [.hangup])
        earlier.cancel()
        var count = 0
        for await _ in earlier.signals { count += 1 }
        #expect(count == 0)

        let later = SignalEvents(watching: [.hangup])
        defer { later.cancel() }
        kill(getpid(), SIGHUP)
        #expect(await firstSignal(of: later) == .hangup)
    }
}
