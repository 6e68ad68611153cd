/// Hands each event to several sinks in order (the logger, the metrics, a test recorder).
public struct CompositeEventSink: DaemonEventSink {
    public let sinks: [any DaemonEventSink]

    public init(_ sinks: [any DaemonEventSink]) {
        self.sinks = sinks
    }

    public func record(_ event: DaemonEvent) {
        for sink in sinks { sink.record(event) }
    }
}
