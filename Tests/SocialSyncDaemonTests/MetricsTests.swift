import Foundation
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore
import TestSupport
import Testing

/// The metrics registry and the event-to-metric mapping, checked against the Prometheus
/// text format by an independent parser and, when installed, by `promtool check metrics`.
@Suite struct MetricsTests {
    static let events: [DaemonEvent] = [
        .probed(instance: "contoso", probed: .healthy, held: .healthy, detail: "200", seconds: 0.25),
        .probed(instance: "fabrikam", probed: .down, held: .down, detail: "connect", seconds: 1.5),
        .verdictChanged(instance: "fabrikam", from: .down, to: .throttled, detail: "429"),
        .request(instance: "contoso", status: 200, seconds: 0.1),
        .request(instance: "contoso", status: 200, seconds: 0.1),
        .request(instance: "fabrikam", status: 0, seconds: 2),
        .transition(LinkChange(instanceID: "fabrikam", postID: "p1", from: .active, to: .errored, reason: .instanceDown, actor: .reconciler)),
        .transition(LinkChange(instanceID: "contoso", postID: "p2", from: .pending, to: .active, reason: nil, actor: .reconciler)),
        .tokenRefreshed(instance: "contoso"),
        .passFinished(instance: "contoso", kind: .verify, seconds: 0.3, verified: 5, changed: 1, undetermined: 3),
        .passFinished(instance: "contoso", kind: .verify, seconds: 7, verified: 5, changed: 0, undetermined: 0),
        .passFinished(instance: "fabrikam", kind: .verify, seconds: 2, verified: 9, changed: 0, undetermined: 9),
        .passFinished(instance: "fabrikam", kind: .poll, seconds: 0.001, verified: 0, changed: 0, undetermined: 0),
        .outboxDepth(4),
        .linkCounts([.active: 10, .errored: 2]),
        .lifecycle(.ready, detail: ""),
    ]

    private func recorded() -> MetricsRegistry {
        let registry = MetricsRegistry()
        let sink = MetricsSink(registry: registry, clock: { Date(timeIntervalSince1970: 1_714_557_600) })
        for event in Self.events { sink.record(event) }
        return registry
    }

    @Test func eventsBecomeTheDocumentedSeries() {
        let registry = recorded()
        #expect(registry.value(SocialSyncMetrics.instanceUp, labels: ["contoso"]) == 1)
        #expect(registry.value(SocialSyncMetrics.instanceUp, labels: ["fabrikam"]) == 0)
        #expect(registry.value(SocialSyncMetrics.instanceVerdict, labels: ["fabrikam", "throttled"]) == 1)
        #expect(registry.value(SocialSyncMetrics.instanceVerdict, labels: ["fabrikam", "down"]) == 0)
        #expect(registry.value(SocialSyncMetrics.requests, labels: ["contoso", "200"]) == 2)
        #expect(registry.value(SocialSyncMetrics.requests, labels: ["fabrikam", "0"]) == 1)
        #expect(registry.value(SocialSyncMetrics.linkTransitions, labels: ["active", "errored", "instance_down", "reconciler"]) == 1)
        #expect(registry.value(SocialSyncMetrics.linkTransitions, labels: ["pending", "active", "none", "reconciler"]) == 1)
        #expect(registry.value(SocialSyncMetrics.tokenRefreshes, labels: ["contoso"]) == 1)
        #expect(registry.value(SocialSyncMetrics.lastPassTimestamp, labels: ["contoso"]) == 1_714_557_600)
        #expect(registry.value(SocialSyncMetrics.lastVerificationTimestamp, labels: ["contoso"]) == 1_714_557_600)
        #expect(registry.value(SocialSyncMetrics.outboxDepth) == 4)
        #expect(registry.value(SocialSyncMetrics.links, labels: ["active"]) == 10)
        #expect(registry.value(SocialSyncMetrics.links, labels: ["removed"]) == 0)
        #expect(registry.value(SocialSyncMetrics.probeDuration, labels: ["fabrikam"]) == 1.5)
        // The latest verification counts, and a poll pass does not reset it.
        #expect(registry.value(SocialSyncMetrics.undeterminedLinks, labels: ["contoso"]) == 0)
        #expect(registry.value(SocialSyncMetrics.undeterminedLinks, labels: ["fabrikam"]) == 9)
    }

    /// A deleted instance's series go (an alert on `socialsync_instance_up == 0` would fire
    /// for it forever); the other instance's and the label-free families stay.
    @Test func aRetiredInstanceLosesItsSeries() {
        let registry = recorded()
        MetricsSink(registry: registry).record(.instanceRetired(instance: "fabrikam"))
        for family in [SocialSyncMetrics.instanceUp, SocialSyncMetrics.probeDuration, SocialSyncMetrics.undeterminedLinks] {
            #expect(registry.value(family, labels: ["fabrikam"]) == nil, "\(family.name)")
        }
        #expect(registry.value(SocialSyncMetrics.instanceVerdict, labels: ["fabrikam", "down"]) == nil)
        #expect(registry.value(SocialSyncMetrics.requests, labels: ["fabrikam", "0"]) == nil)
        #expect(!registry.render().contains("dataverse_instance=\"fabrikam\""))
        #expect(registry.value(SocialSyncMetrics.instanceUp, labels: ["contoso"]) == 1)
        #expect(registry.value(SocialSyncMetrics.requests, labels: ["contoso", "200"]) == 2)
        #expect(registry.value(SocialSyncMetrics.linkTransitions, labels: ["active", "errored", "instance_down", "reconciler"]) == 1)
    }

    /// Prometheus sets `instance` and `job` itself (the scrape target) and renames an
    /// exporter's own to `exported_instance`, so no family may use them.
    @Test func noFamilyUsesALabelPrometheusOverwrites() {
        for family in SocialSyncMetrics.all + [MetricsRegistry.droppedSeries] {
            #expect(!family.labelNames.contains("instance") && !family.labelNames.contains("job"), "\(family.name): \(family.labelNames)")
        }
        let text = recorded().render()
        #expect(!text.contains("{instance=") && !text.contains(",instance="), "\(text)")
    }

    /// Only verifications move the verification timestamp: a poll of a dead instance does not.
    @Test func aPollDoesNotCountAsAVerification() {
        let registry = recorded()
        #expect(registry.value(SocialSyncMetrics.lastPassTimestamp, labels: ["fabrikam"]) != nil)
        let polledOnly = MetricsRegistry()
        MetricsSink(registry: polledOnly).record(.passFinished(instance: "contoso", kind: .poll, seconds: 1, verified: 0, changed: 0, undetermined: 0))
        #expect(polledOnly.value(SocialSyncMetrics.lastPassTimestamp, labels: ["contoso"]) != nil)
        #expect(polledOnly.value(SocialSyncMetrics.lastVerificationTimestamp, labels: ["contoso"]) == nil)
    }

    /// A rejected SIGHUP is held at 0 until a reload is accepted, and counted from 0 so
    /// `increase()` sees the first one.
    @Test func aRejectedReloadIsHeldAndCounted() {
        let registry = MetricsRegistry()
        let sink = MetricsSink(registry: registry)
        #expect(registry.value(SocialSyncMetrics.configReloadRejections) == 0)
        sink.record(.lifecycle(.starting, detail: ""))
        #expect(registry.value(SocialSyncMetrics.configLastReloadSuccessful) == 1)
        sink.record(.lifecycle(.reloadRejected, detail: "confirmations: 0 is out of range"))
        sink.record(.lifecycle(.ready, detail: ""))
        #expect(registry.value(SocialSyncMetrics.configLastReloadSuccessful) == 0)
        #expect(registry.value(SocialSyncMetrics.configReloadRejections) == 1)
        sink.record(.lifecycle(.reloaded, detail: "config.json"))
        #expect(registry.value(SocialSyncMetrics.configLastReloadSuccessful) == 1)
        #expect(registry.value(SocialSyncMetrics.configReloadRejections) == 1)
    }

    @Test func renderingIsValidExpositionText() throws {
        let text = recorded().render()
        let families = try PrometheusTextReader.families(text)
        let histogram = try #require(families["socialsync_pass_duration_seconds"])
        #expect(histogram.type == "histogram")
        #expect(histogram.samples.contains { $0.name == "socialsync_pass_duration_seconds_bucket" && $0.labels == ["kind": "verify", "le": "0.5"] && $0.value == 1 })
        #expect(histogram.samples.contains { $0.name == "socialsync_pass_duration_seconds_bucket" && $0.labels == ["kind": "verify", "le": "+Inf"] && $0.value == 3 })
        #expect(histogram.samples.contains { $0.name == "socialsync_pass_duration_seconds_sum" && $0.labels == ["kind": "verify"] && $0.value == 9.3 })
        #expect(histogram.samples.contains { $0.name == "socialsync_pass_duration_seconds_count" && $0.labels == ["kind": "poll"] && $0.value == 1 })
        #expect(families["socialsync_requests_total"]?.type == "counter")
        #expect(families["socialsync_links"]?.samples.count == LinkState.allCases.count)
        #expect(text.contains("socialsync_instance_up{dataverse_instance=\"contoso\"} 1\n"))
        #expect(!text.contains("p1") && !text.contains("p2"), "post ids are never labels")
    }

    @Test func labelValuesAndHelpAreEscaped() throws {
        let registry = MetricsRegistry()
        let family = MetricFamily(name: "test_escaping", help: "back\\slash and\nnewline", kind: .gauge, labelNames: ["value"])
        registry.set(family, labels: ["a \"quoted\" \\ value\nwith a newline"], to: 0.5)
        let text = registry.render()
        #expect(text.contains("# HELP test_escaping back\\\\slash and\\nnewline\n"))
        #expect(text.contains("test_escaping{value=\"a \\\"quoted\\\" \\\\ value\\nwith a newline\"} 0.5\n"))
        let sample = try #require(try PrometheusTextReader.families(text)["test_escaping"]?.samples.first)
        #expect(sample.labels["value"] == "a \"quoted\" \\ value\nwith a newline")
    }

    @Test func seriesBeyondTheLimitAreDroppedAndCounted() {
        let registry = MetricsRegistry(seriesLimit: 3)
        let family = MetricFamily(name: "test_limited_total", help: "limited", kind: .counter, labelNames: ["key"])
        for key in 0..<5 { registry.increment(family, labels: ["k\(key)"]) }
        registry.increment(family, labels: ["k0"])
        #expect(registry.value(family, labels: ["k0"]) == 2)
        #expect(registry.value(family, labels: ["k4"]) == nil)
        #expect(registry.value(MetricsRegistry.droppedSeries) == 2)
    }

    @Test func numbersUsePrometheusSpelling() throws {
        let registry = MetricsRegistry()
        let family = MetricFamily(name: "test_numbers", help: "numbers", kind: .gauge, labelNames: ["case"])
        registry.set(family, labels: ["whole"], to: 3)
        registry.set(family, labels: ["fraction"], to: 0.125)
        registry.set(family, labels: ["tiny"], to: 1e-9)
        registry.set(family, labels: ["infinite"], to: .infinity)
        let samples = try #require(try PrometheusTextReader.families(registry.render())["test_numbers"]).samples
        let values = Dictionary(uniqueKeysWithValues: samples.map { ($0.labels["case"]!, $0.value) })
        #expect(values == ["whole": 3, "fraction": 0.125, "tiny": 1e-9, "infinite": .infinity])
        #expect(registry.render().contains("test_numbers{case=\"infinite\"} +Inf\n"))
        #expect(registry.render().contains("test_numbers{case=\"whole\"} 3\n"))
    }

    /// The reference checker, when the machine has it (Debian package `prometheus`).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool")))
    func promtoolAcceptsTheOutput() async throws {
        let text = recorded().render()
        let result = try await DedicatedThread.run {
            try ProcessRunner.run("/usr/bin/promtool", ["check", "metrics"], stdin: text)
        }
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }
}

/// An independent reader of the text format 0.0.4: every sample belongs to a family whose
/// `# HELP` and `# TYPE` came first, names and labels are well formed, histogram buckets
/// are cumulative and end in `+Inf` equal to `_count`.
enum PrometheusTextReader {
    struct Malformed: Error, CustomStringConvertible { var description: String }

    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Family {
        var help: String?
        var type: String?
        var samples: [Sample] = []
    }

    static func families(_ text: String) throws -> [String: Family] {
        guard text.hasSuffix("\n") else { throw Malformed(description: "no final newline") }
        var families: [String: Family] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
                guard parts.count == 4, isName(parts[2]) else { throw Malformed(description: "bad comment: \(line)") }
                let name = String(parts[2])
                if current != name {
                    guard families[name] == nil else { throw Malformed(description: "family \(name) split") }
                    current = name
                }
                if parts[1] == "HELP" { families[name, default: Family()].help = String(parts[3]) }
                else {
                    guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else { throw Malformed(description: "type \(parts[3])") }
                    families[name, default: Family()].type = String(parts[3])
                }
                continue
            }
            guard let family = current, let type = families[family]?.type, families[family]?.help != nil else {
                throw Malformed(description: "sample before HELP and TYPE: \(line)")
            }
            let sample = try parseSample(line)
            let allowed = type == "histogram" ? ["_bucket", "_sum", "_count"].map { family + $0 } : [family]
            guard allowed.contains(sample.name) else { throw Malformed(description: "\(sample.name) outside family \(family)") }
            if type == "counter" { guard family.hasSuffix("_total"), sample.value >= 0 else { throw Malformed(description: "counter \(family)") } }
            families[family]!.samples.append(sample)
        }
        for (name, family) in families where family.type == "histogram" { try checkHistogram(name, family) }
        return families
    }

    private static func checkHistogram(_ name: String, _ family: Family) throws {
        let groups = Dictionary(grouping: family.samples) { $0.labels.filter { $0.key != "le" } }
        for (labels, samples) in groups {
            let buckets = samples.filter { $0.name == name + "_bucket" }
            let counts = buckets.map(\.value)
            guard counts == counts.sorted(), buckets.last?.labels["le"] == "+Inf",
                  let count = samples.first(where: { $0.name == name + "_count" })?.value, counts.last == count,
                  samples.contains(where: { $0.name == name + "_sum" })
            else { throw Malformed(description: "histogram \(name) \(labels)") }
            let bounds = buckets.map { Double($0.labels["le"]!.replacingOccurrences(of: "+Inf", with: "inf"))! }
            guard bounds == bounds.sorted() else { throw Malformed(description: "bucket order \(name)") }
        }
    }

    private static func parseSample(_ line: Substring) throws -> Sample {
        var rest = line[...]
        let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
        let name = String(rest[..<nameEnd])
        guard isName(name[...]) else { throw Malformed(description: "name in \(line)") }
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let equals = rest.firstIndex(of: "=") else { throw Malformed(description: "label in \(line)") }
                let labelName = String(rest[..<equals])
                guard isName(labelName[...]), labels[labelName] == nil else { throw Malformed(description: "label name in \(line)") }
                rest = rest[rest.index(after: equals)...]
                guard rest.popFirst() == "\"" else { throw Malformed(description: "unquoted label in \(line)") }
                var value = ""
                while true {
                    guard let character = rest.popFirst() else { throw Malformed(description: "open label in \(line)") }
                    if character == "\"" { break }
                    if character == "\\" {
                        switch rest.popFirst() {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw Malformed(description: "escape in \(line)")
                        }
                    } else {
                        value.append(character)
                    }
                }
                labels[labelName] = value
                if rest.first == "," { rest = rest.dropFirst() }
            }
            rest = rest.dropFirst()
        }
        guard rest.popFirst() == " " else { throw Malformed(description: "no space before value in \(line)") }
        let valueText = String(rest)
        let value: Double? = switch valueText {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(valueText)
        }
        guard let value else { throw Malformed(description: "value in \(line)") }
        return Sample(name: name, labels: labels, value: value)
    }

    private static func isName(_ text: Substring) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" || first == ":" else { return false }
        return text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == ":" }
    }
}
