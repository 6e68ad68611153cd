import Foundation
import SocialSyncCore

extension LogLine {
    /// The log line of an event, or nil for events that only feed gauges (link counts,
    /// outbox depth). Event names and field names are an interface (operations.md, "Logs"):
    /// add fields freely, never rename. Events carry no post text, author or secret, and
    /// nothing here adds one.
    public init?(_ event: DaemonEvent, at timestamp: Date) {
        let level: Configuration.LogLevel
        let name: String
        var fields: [LogField]
        switch event {
        case let .probed(instance, probed, held, detail, seconds):
            (level, name) = (probed == .healthy ? .debug : .info, "instance.probe")
            fields = [LogField("instance", instance), LogField("probed", probed.rawValue), LogField("held", held.rawValue),
                      LogField(milliseconds: "duration_ms", seconds: seconds), LogField("detail", detail)]
        case let .verdictChanged(instance, from, to, detail):
            (level, name) = (to == .healthy ? .notice : .warning, "instance.verdict")
            fields = [LogField("instance", instance), LogField("from", from.rawValue), LogField("to", to.rawValue), LogField("detail", detail)]
        case let .organizationMismatch(instance, known, observed):
            (level, name) = (.error, "instance.organization_mismatch")
            fields = [LogField("instance", instance), LogField("known", known), LogField("observed", observed)]
        case let .transition(change):
            // A link that came into being (an import of a million) is detail; a state change is news.
            (level, name) = (change.to == .broken || change.to == .removed ? .warning : change.from == nil ? .debug : .info, "link.transition")
            fields = [LogField("instance", change.instanceID), LogField("post", change.postID), LogField("from", change.from?.rawValue ?? "none"),
                      LogField("to", change.to.rawValue)]
            if let reason = change.reason { fields.append(LogField("reason", reason.rawValue)) }
            fields.append(LogField("actor", change.actor.rawValue))
        case let .transitionsSummarized(changes):
            (level, name) = (changes.contains { $0.to == .broken || $0.to == .removed } ? .warning : .info, "link.transitions")
            let distinct = { (values: [String]) in Set(values).sorted().joined(separator: ",") }
            let byState = Dictionary(grouping: changes, by: \.to).sorted { $0.key.rawValue < $1.key.rawValue }
            fields = [LogField("instances", distinct(changes.map(\.instanceID))), LogField("actors", distinct(changes.map(\.actor.rawValue))),
                      LogField("changes", changes.count)]
                + byState.map { LogField("to_\($0.key.rawValue)", $0.value.count) }
        case let .request(instance, status, seconds):
            (level, name) = (.debug, "request")
            fields = [LogField("instance", instance), LogField("status", status), LogField(milliseconds: "duration_ms", seconds: seconds)]
        case let .tokenRefreshed(instance):
            (level, name) = (.info, "token.refresh")
            fields = [LogField("instance", instance)]
        case let .outboxSent(instance, post, attempts):
            (level, name) = (.info, "outbox.sent")
            fields = [LogField("instance", instance), LogField("post", post), LogField("attempts", attempts)]
        case let .outboxRetry(instance, post, attempts, nextAttemptInSeconds, detail):
            (level, name) = (.warning, "outbox.retry")
            fields = [LogField("instance", instance), LogField("post", post), LogField("attempts", attempts),
                      LogField(milliseconds: "retry_in_ms", seconds: nextAttemptInSeconds), LogField("detail", detail)]
        case let .outboxRejected(instance, post, table, detail):
            (level, name) = (.error, "outbox.rejected")
            fields = [LogField("instance", instance), LogField("post", post), LogField("table", table), LogField("detail", detail)]
        case let .throttled(instance, untilSeconds):
            (level, name) = (.warning, "instance.throttled")
            fields = [LogField("instance", instance), LogField(milliseconds: "retry_in_ms", seconds: untilSeconds)]
        case let .passFinished(instance, kind, seconds, verified, changed, undetermined, mode):
            // A restore or outbox step with nothing to do runs every poll: detail, not news.
            let idle = (kind == .restore || kind == .outbox) && verified == 0 && changed == 0 && undetermined == 0
            (level, name) = (undetermined > 0 ? .warning : idle ? .debug : .info, "pass.finished")
            fields = [LogField("instance", instance), LogField("kind", kind.rawValue), LogField(milliseconds: "duration_ms", seconds: seconds),
                      LogField("verified", verified), LogField("changed", changed), LogField("undetermined", undetermined)]
                + (mode.map { [LogField("mode", $0.rawValue)] } ?? [])
        case let .instanceReassociated(instance, deleted, restorable, relinked):
            (level, name) = (.notice, "instance.reassociated")
            fields = [LogField("instance", instance), LogField("deleted_instance", deleted), LogField("restorable", restorable), LogField("relinked", relinked)]
        case let .instanceRetired(instance):
            (level, name) = (.notice, "instance.retired")
            fields = [LogField("instance", instance)]
        case .outboxDepth, .outboxBacklog, .linkCounts, .instanceUnreachable:
            return nil
        case let .failure(component, instance, detail):
            (level, name) = (.error, "daemon.failure")
            fields = [LogField("component", component)]
            if let instance { fields.append(LogField("instance", instance)) }
            fields.append(LogField("detail", detail))
        case let .warning(component, detail):
            (level, name) = (.warning, "daemon.warning")
            fields = [LogField("component", component), LogField("detail", detail)]
        case let .lifecycle(phase, detail):
            // A rejected reload keeps the old configuration running: the operator must look.
            (level, name) = (phase == .reloadRejected ? .warning : .notice, "daemon.lifecycle")
            fields = [LogField("phase", phase.rawValue), LogField("detail", detail)]
        }
        self.init(timestamp: timestamp, level: level, event: name, fields: fields)
    }
}
