import Foundation
import SocialSyncCore
import SocialSyncStore

/// Everything the daemon reports about its work. Logs and metrics are both built from
/// these values, so a log line and its counter can never disagree. No case carries post
/// text, an author or a secret (N4).
public enum DaemonEvent: Sendable, Equatable {
    /// One health probe of an instance: the probed verdict, the verdict it is held to after
    /// flap control, and a one-line detail (status, Dataverse error code, failing phase).
    case probed(instance: String, probed: Verdict, held: Verdict, detail: String, seconds: Double)
    /// The verdict an instance is held to changed.
    case verdictChanged(instance: String, from: Verdict, to: Verdict, detail: String)
    /// R1: the organization answering differs from the one learned before.
    case organizationMismatch(instance: String, known: String, observed: String)
    /// A link came into being or changed state, and its journal row was committed with it;
    /// the change's `actor` says who made it (the daemon reports the command line's changes
    /// as it finds them in the journal).
    case transition(LinkChange)
    /// Many changes made outside the daemon at once (a disable of a large instance, an
    /// import): counted one by one, logged as one line.
    case transitionsSummarized([LinkChange])
    /// One Web API or token request and its HTTP status (0 when no answer came).
    case request(instance: String, status: Int, seconds: Double)
    /// The token of an instance was fetched or refreshed.
    case tokenRefreshed(instance: String)
    /// A pending creation was confirmed by its instance.
    case outboxSent(instance: String, post: String, attempts: Int)
    /// A pending creation failed and was rescheduled.
    case outboxRetry(instance: String, post: String, attempts: Int, nextAttemptInSeconds: Double, detail: String)
    /// The instance refused a creation for good (R8a): the link is failed, with `detail`
    /// (the instance's message) kept for `links show`.
    case outboxRejected(instance: String, post: String, table: String, detail: String)
    /// A 429 set a deadline before which nothing is sent to the instance.
    case throttled(instance: String, untilSeconds: Double)
    /// One pass over an instance ended. `undetermined` counts verified links that got no
    /// definitive answer (a timeout, a 5xx, an unreadable page): they keep their state, and
    /// a pass that keeps leaving some is an instance the operator should look at. `mode`
    /// says how a verification read the activities (nil for a poll).
    case passFinished(instance: String, kind: PassKind, seconds: Double, verified: Int, changed: Int, undetermined: Int, mode: VerificationMode? = nil)
    /// R9: a connection's first poll named the organization of a deleted instance; that
    /// instance's removed links came over, `restorable` of them waiting for R30's check,
    /// `relinked` left because their post was linked elsewhere meanwhile (R31).
    case instanceReassociated(instance: String, deleted: String, restorable: Int, relinked: Int)
    /// The loop of an instance ended because the instance was deleted: its metric series go,
    /// so an alert on `socialsync_instance_up == 0` does not fire for it forever.
    case instanceRetired(instance: String)
    /// No client could be made for the instance (its cause is logged once, as a failure):
    /// the instance reads as down while its loop waits for the operator's fix.
    case instanceUnreachable(instance: String)
    /// Depth of the outbox after a flush.
    case outboxDepth(Int)
    /// R44: creations waiting for one instance and the age of the oldest (0 when none),
    /// as the status publisher reads them, down instances included.
    case outboxBacklog(instance: String, items: Int, oldestAgeSeconds: Double)
    /// Link counts by state after a pass, for gauges.
    case linkCounts([LinkState: Int])
    /// Something went wrong that an operator should see (store busy, secret unreadable ...).
    case failure(component: String, instance: String?, detail: String)
    /// A warning about the deployment (a secret file readable by others ...).
    case warning(component: String, detail: String)
    /// Lifecycle: started, ready, reloading, reloaded, reload rejected, stopping, stopped.
    case lifecycle(Lifecycle, detail: String)

    /// The steps of an iteration, each timed on its own: the probe with the first seed
    /// table, verification, restoration after re-association, and the outbox flush.
    public enum PassKind: String, Sendable { case poll, verify, restore, outbox }

    public enum Lifecycle: String, Sendable {
        case starting, ready, reloading, reloaded, reloadRejected = "reload_rejected", stopping, stopped
    }
}

/// Where events go: the logger and the metrics registry, or a test's recorder.
public protocol DaemonEventSink: Sendable {
    func record(_ event: DaemonEvent)
}
