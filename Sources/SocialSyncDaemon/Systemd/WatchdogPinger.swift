/// Pings the systemd watchdog while the work loops prove alive, and stops pinging when
/// one is stuck, so systemd restarts a hung daemon (and only a hung one: a remote outage
/// leaves the loops turning).
public struct WatchdogPinger: Sendable {
    public let schedule: WatchdogSchedule
    public let notifier: SystemdNotifier
    public let liveness: LivenessTracker
    public let events: any DaemonEventSink

    public init(schedule: WatchdogSchedule, notifier: SystemdNotifier, liveness: LivenessTracker, events: any DaemonEventSink) {
        self.schedule = schedule
        self.notifier = notifier
        self.liveness = liveness
        self.events = events
    }

    /// Pings every `pingInterval` until cancelled. Reports each change between pinging
    /// and withholding once, not every round.
    public func run() async {
        var withholding = false
        while !Task.isCancelled {
            let stalled = liveness.stalledLoops()
            if stalled.isEmpty {
                if withholding {
                    withholding = false
                    events.record(.warning(component: "watchdog", detail: "work loops alive again; pinging resumed"))
                }
                do {
                    try notifier.notify(.watchdog)
                } catch {
                    events.record(.failure(component: "watchdog", instance: nil, detail: error.description))
                }
            } else if !withholding {
                withholding = true
                events.record(.failure(component: "watchdog", instance: nil, detail: "stuck loops: \(stalled.joined(separator: ", ")); watchdog not pinged"))
            }
            do { try await Task.sleep(for: schedule.pingInterval) } catch { return }
        }
    }
}
