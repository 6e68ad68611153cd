import Foundation
import SocialSyncCore
import SocialSyncStore

/// Turns daemon events into the metrics of `SocialSyncMetrics`, so a counter and the log
/// line of the same event can never disagree.
public struct MetricsSink: DaemonEventSink {
    public let registry: MetricsRegistry
    private let clock: @Sendable () -> Date

    public init(registry: MetricsRegistry, clock: @escaping @Sendable () -> Date = Date.init) {
        self.registry = registry
        self.clock = clock
        for family in SocialSyncMetrics.all { registry.register(family) }
        // Present from the start: `increase()` cannot see a counter's first step from absent to 1.
        registry.increment(SocialSyncMetrics.configReloadRejections, by: 0)
    }

    public func record(_ event: DaemonEvent) {
        switch event {
        case let .probed(instance, _, held, _, seconds):
            registry.set(SocialSyncMetrics.probeDuration, labels: [instance], to: seconds)
            hold(instance, at: held)
        case let .verdictChanged(instance, _, to, _):
            hold(instance, at: to)
        case let .transition(change):
            count(change)
        case let .transitionsSummarized(changes):
            for change in changes { count(change) }
        case let .instanceUnreachable(instance):
            // The verdict series keep what the instance last answered; only "up" says it is not reachable now.
            registry.set(SocialSyncMetrics.instanceUp, labels: [instance], to: 0)
        case let .request(instance, status, _):
            registry.increment(SocialSyncMetrics.requests, labels: [instance, String(status)])
        case let .tokenRefreshed(instance):
            registry.increment(SocialSyncMetrics.tokenRefreshes, labels: [instance])
        case let .passFinished(instance, kind, seconds, _, _, undetermined, _):
            registry.observe(SocialSyncMetrics.passDuration, labels: [kind.rawValue], seconds)
            registry.set(SocialSyncMetrics.lastPassTimestamp, labels: [instance], to: clock().timeIntervalSince1970)
            if kind == .verify {
                registry.set(SocialSyncMetrics.undeterminedLinks, labels: [instance], to: Double(undetermined))
                registry.set(SocialSyncMetrics.lastVerificationTimestamp, labels: [instance], to: clock().timeIntervalSince1970)
            }
        case let .outboxRejected(instance, _, table, _):
            registry.increment(SocialSyncMetrics.creationsRejected, labels: [instance, table])
        case let .outboxDepth(depth):
            registry.set(SocialSyncMetrics.outboxDepth, to: Double(depth))
        case let .outboxBacklog(instance, items, oldestAgeSeconds):
            registry.set(SocialSyncMetrics.outboxItems, labels: [instance], to: Double(items))
            registry.set(SocialSyncMetrics.outboxOldestAge, labels: [instance], to: oldestAgeSeconds)
        case let .linkCounts(counts):
            for state in LinkState.allCases {
                registry.set(SocialSyncMetrics.links, labels: [state.rawValue], to: Double(counts[state] ?? 0))
            }
        case let .instanceRetired(instance):
            registry.removeSeries(labelled: SocialSyncMetrics.instanceLabel, value: instance)
        case let .lifecycle(phase, _):
            recordReload(phase)
        case .organizationMismatch, .instanceReassociated, .outboxSent, .outboxRetry, .throttled, .failure, .warning:
            break
        }
    }

    private func count(_ change: LinkChange) {
        registry.increment(
            SocialSyncMetrics.linkTransitions, labels: [change.from?.rawValue ?? "none", change.to.rawValue, change.reason?.rawValue ?? "none", change.actor.kind])
    }

    /// The daemon starts only with a configuration that validated; a rejected SIGHUP keeps
    /// the old one running, which an alert must see until a reload is accepted.
    private func recordReload(_ phase: DaemonEvent.Lifecycle) {
        switch phase {
        case .starting, .reloaded:
            registry.set(SocialSyncMetrics.configLastReloadSuccessful, to: 1)
        case .reloadRejected:
            registry.set(SocialSyncMetrics.configLastReloadSuccessful, to: 0)
            registry.increment(SocialSyncMetrics.configReloadRejections)
        case .ready, .reloading, .stopping, .stopped:
            break
        }
    }

    /// One series per verdict, so `socialsync_instance_verdict{verdict="down"} == 1`
    /// alerts without regular expressions, and a verdict that ends drops to 0.
    private func hold(_ instance: String, at verdict: Verdict) {
        for candidate in Verdict.allCases {
            registry.set(SocialSyncMetrics.instanceVerdict, labels: [instance, candidate.rawValue], to: candidate == verdict ? 1 : 0)
        }
        registry.set(SocialSyncMetrics.instanceUp, labels: [instance], to: verdict == .healthy ? 1 : 0)
    }
}
