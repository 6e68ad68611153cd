import Foundation
import SocialSyncCore
import SocialSyncStore

/// R40-R43 inside `posts import`: each post the import adds is matched against the rules
/// active when the import's transaction began, and the chosen rule queues the R8 creation
/// to its instance, journal actor `rule:<id>`. Nothing here talks to an instance: the
/// daemon's outbox plans and sends the creation, and ends it as R8a says.
struct PostRouter {
    private let rules: [RoutingRules.ActiveRule]
    /// The instances the rules route to, for the creation ids.
    private let instances: [String: Instance]
    /// Posts routed so far, by rule id.
    private(set) var routed: [String: Int] = [:]

    /// Rules whose instance no longer takes new links (R43: expired, or disabled and
    /// deleted through an older store) route nothing; neither does a stored expression this
    /// build cannot read, which is safer than matching every post.
    init(_ transaction: WriteTransaction) throws {
        let instances = Dictionary(try transaction.instances.all().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.instances = instances
        rules = try transaction.rules.active().compactMap { rule in
            guard let activatedAt = rule.activatedAt, instances[rule.instanceID]?.acceptsNewLinks == true,
                  let expression = try? RuleExpressionParser.parse(rule.match)
            else { return nil }
            return RoutingRules.ActiveRule(rule: rule, expression: expression, activatedAt: activatedAt)
        }
    }

    /// Routes a post the import just added (so it is available, and this is its first
    /// link: the creation ids are those `links create --dry-run` would show for it).
    mutating func route(_ post: Post, _ transaction: WriteTransaction, at time: Date) throws {
        guard let chosen = RoutingRules.route(post, among: rules)?.rule, let instance = instances[chosen.instanceID] else { return }
        let ids = CreationIDs.derived(instance: instance, postID: post.id, attempt: 1, recordType: chosen.recordEntity)
        try LinkLedger(transaction, actor: .rule(chosen.id), at: time).insertPending(
            postID: post.id, instanceID: chosen.instanceID, recordEntity: chosen.recordEntity, ids: ids)
        routed[chosen.id, default: 0] += 1
    }

    /// Adds this import's counts to the rules, in the same transaction.
    func recordCounts(_ transaction: WriteTransaction) throws {
        for (ruleID, count) in routed { try transaction.rules.addRouted(ruleID, count) }
    }

    /// "routed 3 posts (rule-a 2, rule-b 1)", or nil when no post was routed.
    var summary: String? {
        let total = routed.values.reduce(0, +)
        guard total > 0 else { return nil }
        let byRule = routed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "routed \(total) post\(total == 1 ? "" : "s") (\(byRule))"
    }
}
