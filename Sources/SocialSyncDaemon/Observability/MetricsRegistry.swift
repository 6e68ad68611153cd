import Synchronization

/// Counters, gauges and histograms behind one lock: events arrive from every loop, and the
/// health endpoint's thread renders them. Families appear in the order they were
/// registered; series within a family are sorted by label values, so output is stable.
public final class MetricsRegistry: Sendable {
    /// What a family holds at one moment, handed to the renderer outside the lock.
    struct FamilySnapshot {
        var family: MetricFamily
        var series: [(labels: [String], value: SeriesValue)]
    }

    enum SeriesValue {
        case scalar(Double)
        /// Cumulative counts per bucket (same order as the family's bounds), then +Inf.
        case histogram(bucketCounts: [UInt64], sum: Double, count: UInt64)
    }

    private struct State {
        var order: [String] = []
        var families: [String: MetricFamily] = [:]
        var series: [String: [[String]: SeriesValue]] = [:]
    }

    /// Counts series refused because their family already had `seriesLimit` of them: a
    /// label fed from an unbounded source shows up here instead of exhausting memory.
    public static let droppedSeries = MetricFamily(
        name: "socialsync_metrics_dropped_series_total",
        help: "Label combinations refused because their family reached its series limit.", kind: .counter)

    private let state = Mutex(State())
    private let seriesLimit: Int

    public init(seriesLimit: Int = 1000) {
        self.seriesLimit = seriesLimit
        increment(Self.droppedSeries, by: 0)
    }

    /// Makes a family known so its `# HELP` and `# TYPE` appear before its first sample.
    /// Registering the same family again does nothing.
    public func register(_ family: MetricFamily) {
        state.withLock { state in
            if let known = state.families[family.name] {
                precondition(known == family, "metric \(family.name) registered twice with different descriptions")
                return
            }
            state.order.append(family.name)
            state.families[family.name] = family
            state.series[family.name] = [:]
        }
    }

    public func increment(_ family: MetricFamily, labels: [String] = [], by amount: Double = 1) {
        precondition(family.kind == .counter && amount >= 0, "\(family.name): only counters increase, and never by a negative amount")
        update(family, labels: labels) { current in
            guard case .scalar(let value) = current else { return .scalar(amount) }
            return .scalar(value + amount)
        }
    }

    public func set(_ family: MetricFamily, labels: [String] = [], to value: Double) {
        precondition(family.kind == .gauge, "\(family.name) is not a gauge")
        update(family, labels: labels) { _ in .scalar(value) }
    }

    public func observe(_ family: MetricFamily, labels: [String] = [], _ value: Double) {
        guard case .histogram(let bounds) = family.kind else { preconditionFailure("\(family.name) is not a histogram") }
        update(family, labels: labels) { current in
            var (counts, sum, count) = ([UInt64](repeating: 0, count: bounds.count + 1), 0.0, UInt64(0))
            if case .histogram(let knownCounts, let knownSum, let knownCount) = current {
                (counts, sum, count) = (knownCounts, knownSum, knownCount)
            }
            for (index, bound) in bounds.enumerated() where value <= bound { counts[index] += 1 }
            counts[bounds.count] += 1
            return .histogram(bucketCounts: counts, sum: sum + value, count: count + 1)
        }
    }

    /// The current value of a counter or gauge series; nil when it was never set.
    public func value(_ family: MetricFamily, labels: [String] = []) -> Double? {
        state.withLock { state in
            guard case .scalar(let value) = state.series[family.name]?[labels] else { return nil }
            return value
        }
    }

    /// Drops, in every family with the label `name`, the series whose `name` is `value`
    /// (an instance that is gone). Counters restart from 0 if the series comes back, which
    /// Prometheus reads as a counter reset.
    public func removeSeries(labelled name: String, value: String) {
        state.withLock { state in
            for (familyName, family) in state.families {
                guard let position = family.labelNames.firstIndex(of: name) else { continue }
                state.series[familyName] = state.series[familyName]?.filter { $0.key[position] != value }
            }
        }
    }

    /// Prometheus text exposition format 0.0.4.
    public func render() -> String {
        let snapshot = state.withLock { state in
            state.order.map { name in
                FamilySnapshot(
                    family: state.families[name]!,
                    series: state.series[name, default: [:]].map { ($0.key, $0.value) }
                        .sorted { $0.labels.lexicographicallyPrecedes($1.labels) })
            }
        }
        return PrometheusText.render(snapshot)
    }

    private func update(_ family: MetricFamily, labels: [String], _ change: (SeriesValue?) -> SeriesValue) {
        precondition(labels.count == family.labelNames.count, "\(family.name) takes labels \(family.labelNames)")
        register(family)
        state.withLock { state in
            let current = state.series[family.name]?[labels]
            if current == nil && state.series[family.name, default: [:]].count >= seriesLimit {
                guard case .scalar(let dropped) = state.series[Self.droppedSeries.name]?[[]] else { return }
                state.series[Self.droppedSeries.name]?[[]] = .scalar(dropped + 1)
                return
            }
            state.series[family.name, default: [:]][labels] = change(current)
        }
    }
}
