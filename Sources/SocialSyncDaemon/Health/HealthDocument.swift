import Foundation
import SocialSyncCore

/// The `/status` document (IETF draft "Health Check Response Format for HTTP APIs",
/// `application/health+json`), built purely from a snapshot and the liveness answer.
public struct HealthDocument: Sendable {
    /// Who is answering: the draft's top-level `version`, `serviceId`, `description`.
    public struct Identity: Sendable, Equatable {
        public var version: String
        public var serviceID: String
        public var description: String

        public init(version: String, serviceID: String = "socialsync", description: String = "socialsync: keeps links between social posts and Dynamics 365 records true") {
            self.version = version
            self.serviceID = serviceID
            self.description = description
        }
    }

    public static let mediaType = "application/health+json"

    /// The worst of the checks, of readiness (warn while starting) and of liveness (fail
    /// when a loop is stuck).
    public let status: HealthStatus
    public let json: JSONValue

    public init(snapshot: StatusSnapshot, isAlive: Bool, identity: Identity) {
        var problems: [String] = []
        var status = HealthStatus.pass
        if !isAlive {
            status = .fail
            problems.append("a work loop is stuck")
        }
        if !snapshot.isReady {
            status = max(status, .warn)
            problems.append("starting: the first pass has not finished")
        }
        // The draft's `checks` maps `component:measurement` to a list: one entry per
        // instance under `instance:verdict`, one per state under `links:count`.
        var verdicts: [JSONValue] = []
        let live = snapshot.instances.filter { !$0.isDeleted }
        for instance in live {
            let check = Self.check(for: instance)
            status = max(status, check.status)
            verdicts.append(check.json)
        }
        let linkCounts = LinkState.allCases.map { state in
            Self.measurement(id: state.rawValue, value: snapshot.linkCounts[state] ?? 0, unit: "links")
        }
        let checks: [(key: String, value: JSONValue)] = [
            ("instance:verdict", .array(verdicts)),
            ("links:count", .array(linkCounts)),
            ("outbox:depth", .array([Self.measurement(id: "outbox", value: snapshot.outboxDepth, unit: "creations")])),
            ("outbox:items", .array(live.map { Self.measurement(id: $0.id, value: $0.outboxItems, unit: "creations") })),
            ("outbox:oldestAge", .array(live.map { Self.measurement(id: $0.id, value: Int($0.outboxOldestAgeSeconds), unit: "s") })),
        ]

        var members: [(key: String, value: JSONValue)] = [
            ("status", .string(status.rawValue)),
            ("version", .string(identity.version)),
            ("serviceId", .string(identity.serviceID)),
            ("description", .string(identity.description)),
        ]
        if !problems.isEmpty { members.append(("output", .string(problems.joined(separator: "; ")))) }
        members.append(("checks", .object(checks)))
        self.status = status
        json = .object(members)
    }

    private static func check(for instance: StatusSnapshot.InstanceStatus) -> (status: HealthStatus, json: JSONValue) {
        var status = HealthStatus(instance.verdict)
        var output: String?
        if instance.organizationMismatch {
            status = .fail
            output = "the organization answering differs from the one connected (R1)"
        } else if !instance.isEnabled {
            // Disabled by an administrator: not polled, so its last verdict is history.
            status = .pass
            output = "disabled"
        } else if let failure = instance.connectionFailure {
            // Not polled either, but for a fault the operator must fix.
            status = .fail
            output = "cannot connect: \(failure)"
        } else if status != .pass {
            output = "verdict \(instance.verdict.rawValue)" + (instance.verdictSince.map { " since \(Timestamp.format($0))" } ?? "")
        }
        var members: [(key: String, value: JSONValue)] = [
            ("componentId", .string(instance.id)),
            ("componentType", .string("component")),
            ("observedValue", .string(instance.verdict.rawValue)),
            ("status", .string(status.rawValue)),
        ]
        if let lastChecked = instance.lastChecked { members.append(("time", .string(Timestamp.format(lastChecked)))) }
        if let output { members.append(("output", .string(output))) }
        return (status, .object(members))
    }

    private static func measurement(id: String, value: Int, unit: String) -> JSONValue {
        .object([
            ("componentId", .string(id)),
            ("componentType", .string("component")),
            ("observedValue", .integer(value)),
            ("observedUnit", .string(unit)),
            ("status", .string(HealthStatus.pass.rawValue)),
        ])
    }
}
