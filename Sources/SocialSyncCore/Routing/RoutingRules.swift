import struct Foundation.Date

/// R40-R42: which automation rule routes a post that was just imported and is available.
///
/// Routing happens once, in the import's transaction, over the rules active at that moment,
/// so a rule never acts on posts imported before its activation (R42) by construction.
public enum RoutingRules {
    /// An active rule as routing sees it: its expression parsed, its last activation known.
    public struct ActiveRule: Sendable, Equatable {
        public var rule: AutomationRule
        public var expression: RuleExpression
        public var activatedAt: Date

        public init(rule: AutomationRule, expression: RuleExpression, activatedAt: Date) {
            self.rule = rule
            self.expression = expression
            self.activatedAt = activatedAt
        }
    }

    /// R40, R41: of the rules whose expression the post matches, the most recently
    /// activated one; rules activated at the same instant are told apart by id, so the
    /// choice never depends on the order they were read in.
    public static func route(_ post: Post, among rules: [ActiveRule]) -> ActiveRule? {
        rules.filter { $0.expression.matches(post) }.max { earlier, later in
            (earlier.activatedAt, later.rule.id) < (later.activatedAt, earlier.rule.id)
        }
    }
}
