/// The daemon's metric families. Names and labels are an interface: dashboards and
/// alerts are written against them (config/prometheus/socialsync.rules.yml).
public enum SocialSyncMetrics {
    /// The label naming the Dataverse instance. Never `instance` or `job`: Prometheus sets
    /// those to the scrape target and renames an exporter's own to `exported_instance`,
    /// so `socialsync_instance_up{instance="org2"}` would find nothing (renamed in 0.2.0).
    public static let instanceLabel = "dataverse_instance"

    public static let links = MetricFamily(
        name: "socialsync_links", help: "Links by state after the latest pass.", kind: .gauge, labelNames: ["state"])
    public static let instanceVerdict = MetricFamily(
        name: "socialsync_instance_verdict", help: "1 for the verdict an instance is held to, 0 for the others.",
        kind: .gauge, labelNames: [instanceLabel, "verdict"])
    public static let instanceUp = MetricFamily(
        name: "socialsync_instance_up", help: "1 while the instance is held healthy, else 0.", kind: .gauge, labelNames: [instanceLabel])
    public static let requests = MetricFamily(
        name: "socialsync_requests_total", help: "Web API and token requests by HTTP status (0: no answer).",
        kind: .counter, labelNames: [instanceLabel, "status"])
    public static let linkTransitions = MetricFamily(
        name: "socialsync_link_transitions_total",
        help: "Links created and link state changes (from or reason \"none\" when there is none), by who made them (admin, user, reconciler, rule).",
        kind: .counter, labelNames: ["from", "to", "reason", "actor"])
    public static let passDuration = MetricFamily(
        name: "socialsync_pass_duration_seconds", help: "Duration of one pass over an instance.",
        kind: .histogram(buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]), labelNames: ["kind"])
    public static let lastPassTimestamp = MetricFamily(
        name: "socialsync_last_pass_timestamp_seconds", help: "Unix time the latest pass over the instance ended.",
        kind: .gauge, labelNames: [instanceLabel])
    public static let lastVerificationTimestamp = MetricFamily(
        name: "socialsync_last_verification_timestamp_seconds",
        help: "Unix time the latest verification of the instance's links ended (a poll of a dead instance does not count).",
        kind: .gauge, labelNames: [instanceLabel])
    public static let outboxDepth = MetricFamily(
        name: "socialsync_outbox_depth", help: "Record creations waiting in the outbox.", kind: .gauge)
    public static let outboxItems = MetricFamily(
        name: "socialsync_outbox_items", help: "Record creations waiting for the instance (R44), due or not.",
        kind: .gauge, labelNames: [instanceLabel])
    public static let outboxOldestAge = MetricFamily(
        name: "socialsync_outbox_oldest_age_seconds", help: "How long the instance's oldest waiting creation has waited (0 when none).",
        kind: .gauge, labelNames: [instanceLabel])
    public static let creationsRejected = MetricFamily(
        name: "socialsync_creations_rejected_total", help: "Record creations the instance refused for good (R8a), by the table of the refused step.",
        kind: .counter, labelNames: [instanceLabel, "table"])
    public static let tokenRefreshes = MetricFamily(
        name: "socialsync_token_refreshes_total", help: "Access tokens fetched or refreshed.", kind: .counter, labelNames: [instanceLabel])
    public static let probeDuration = MetricFamily(
        name: "socialsync_probe_duration_seconds", help: "Duration of the latest health probe of the instance.",
        kind: .gauge, labelNames: [instanceLabel])
    public static let undeterminedLinks = MetricFamily(
        name: "socialsync_links_undetermined", help: "Links the latest verification of the instance got no definitive answer about.",
        kind: .gauge, labelNames: [instanceLabel])
    public static let configLastReloadSuccessful = MetricFamily(
        name: "socialsync_config_last_reload_successful",
        help: "1 while the configuration in force is the file's latest (at start, or after an accepted SIGHUP), 0 after a rejected reload.",
        kind: .gauge)
    public static let configReloadRejections = MetricFamily(
        name: "socialsync_config_reload_rejections_total", help: "SIGHUP reloads refused because the file did not validate.", kind: .counter)

    public static let all = [
        links, instanceVerdict, instanceUp, requests, linkTransitions, passDuration, lastPassTimestamp, lastVerificationTimestamp,
        outboxDepth, outboxItems, outboxOldestAge, creationsRejected, tokenRefreshes, probeDuration, undeterminedLinks, configLastReloadSuccessful,
        configReloadRejections,
    ]
}
