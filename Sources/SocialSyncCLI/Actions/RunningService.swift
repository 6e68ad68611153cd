import Foundation
import SocialSyncDaemon
import SocialSyncStore

/// The daemon running on the command's store, found by its store lock: a command that
/// needs to talk to an instance hands the work to it (README "Commands against a running
/// service"), because the instance's secret may be readable only by the service (its
/// `$CREDENTIALS_DIRECTORY`). With no daemon, commands do the work themselves.
struct RunningService {
    let pid: Int32
    let store: Store
    let waitSeconds: Double

    static let waitOption = OptionSpec.value("--wait", "SECONDS", "with the service running, how long to wait for it to carry the request out (default 60)")

    /// The running daemon of the configured store, nil when none holds its lock.
    static func find(_ invocation: Invocation, store: Store) throws -> RunningService? {
        let waitSeconds = try Self.waitSeconds(invocation)
        return StoreLock.holder(store: store.path).map { RunningService(pid: $0, store: store, waitSeconds: waitSeconds) }
    }

    private static func waitSeconds(_ invocation: Invocation) throws -> Double {
        guard let text = invocation.value("--wait") else { return 60 }
        guard let seconds = Double(text), seconds.isFinite, seconds > 0 else {
            throw CommandError(.usage, "\(invocation.command.name): --wait must be a positive number of seconds, got '\(text)'")
        }
        return seconds
    }

    /// Queues the request, waits for the daemon's outcome and returns its result JSON. A
    /// failure is thrown with the daemon's message and exit code, as the command would have
    /// failed doing the work itself; no outcome within `waitSeconds` is exit 69 naming the
    /// instance, and the request is withdrawn.
    func perform(_ kind: ServiceRequest.Kind, instanceID: String, argument: String? = nil, command: String, now: Date) throws -> String {
        let id = try store.write { try $0.serviceRequests.insert(kind, instanceID: instanceID, argument: argument, at: now) }
        let deadline = Date().addingTimeInterval(waitSeconds)
        while Date() < deadline {
            if let request = try store.read({ try $0.serviceRequests.get(id) }), request.state != .waiting {
                try store.write { try $0.serviceRequests.remove(id) }
                guard request.state == .done else {
                    let code = request.exitCode.flatMap(ExitCode.init(rawValue:)) ?? .unavailable
                    throw CommandError(code, request.error ?? "\(command): the service failed the request for instance '\(instanceID)'")
                }
                return request.result ?? "{}"
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try store.write { try $0.serviceRequests.remove(id) }
        throw CommandError(.unavailable, "\(command): the running service (pid \(pid)) did not carry out the request for instance '\(instanceID)' within \(Self.format(waitSeconds)) s")
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
