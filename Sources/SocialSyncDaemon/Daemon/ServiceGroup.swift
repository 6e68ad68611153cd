/// The daemon's long-running services, started in order and stopped in reverse: a service
/// that relies on an earlier one (the watchdog on the engine's heartbeats) stops before it,
/// so nothing outlives what it watches or reports on.
struct ServiceGroup: Sendable {
    struct Service: Sendable {
        var name: String
        var run: @Sendable () async -> Void
    }

    let services: [Service]
    let events: any DaemonEventSink

    /// Starts every service, in order, and runs them until `until` returns; then cancels
    /// them one by one in reverse order, each finished before the next is cancelled. A
    /// service that ends on its own before that is a fault the log must show. No service
    /// outlives this call.
    func run(until: () async -> Void) async {
        let running = services.map { service in
            Task { [events] in
                await service.run()
                if !Task.isCancelled {
                    events.record(.failure(component: "service", instance: nil, detail: "\(service.name) ended before the daemon stopped"))
                }
            }
        }
        await until()
        for task in running.reversed() {
            task.cancel()
            await task.value
        }
    }
}
