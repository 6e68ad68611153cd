import Foundation
import SocialSyncCore
import SocialSyncStore

/// The JSON shapes of interface.md, built in one place so every command prints the same.
enum Renderings {
    static func instance(_ instance: Instance) -> JSONValue {
        .object([
            ("id", .string(instance.id)),
            ("name", .string(instance.name)),
            ("url", .string(instance.url.absoluteString)),
            ("organization_id", .optional(instance.organizationID)),
            ("language", .optional(instance.language)),
            ("connected_on", .string(Timestamp.format(instance.connectedOn))),
            ("default", .bool(instance.isDefault)),
            ("enabled", .bool(instance.isEnabled)),
            ("deleted", .bool(instance.isDeleted)),
            ("verdict", .string(instance.verdict.rawValue)),
            ("verdict_since", .optional(instance.verdictSince.map(Timestamp.format))),
            ("last_checked", .optional(instance.lastChecked.map(Timestamp.format))),
            ("organization_mismatch", .bool(instance.organizationMismatch)),
        ])
    }

    static func link(_ link: Link) -> JSONValue {
        .object([
            ("post_id", .string(link.postID)),
            ("instance", .string(link.instanceID)),
            ("activity_id", .string(link.activityID)),
            ("record_entity", .string(link.record.entity)),
            ("record_id", .string(link.record.id)),
            ("state", .string(link.state.rawValue)),
            ("reason", .optional(link.reason?.rawValue)),
            ("updated_at", .string(Timestamp.format(link.updatedAt))),
        ])
    }

    /// Posts are listed without their text and author: the listing is for operators, and
    /// personal data stays in the store (N4). `links create --dry-run` shows the payload.
    static func post(_ post: Post, available: Bool) -> JSONValue {
        .object([
            ("id", .string(post.id)),
            ("url", .string(post.url)),
            ("source", .string(post.source.rawValue)),
            ("sentiment", post.sentiment.map { .integer($0.rawValue) } ?? .null),
            ("tags", .array(post.tags.map(JSONValue.string))),
            ("published_at", .string(Timestamp.format(post.publishedAt))),
            ("available", .bool(available)),
        ])
    }

    static func rule(_ rule: AutomationRule) -> JSONValue {
        .object([
            ("id", .string(rule.id)),
            ("instance", .string(rule.instanceID)),
            ("match", .optional(rule.match)),
            ("record_type", .string(rule.recordEntity)),
            ("active", .bool(rule.isActive)),
            ("activated_at", .optional(rule.activatedAt.map(Timestamp.format))),
            ("routed", .integer(rule.routed)),
        ])
    }

    static func entity(_ entity: EntityMetadata) -> JSONValue {
        .object([
            ("logical_name", .string(entity.logicalName)),
            ("entity_set_name", .string(entity.entitySetName)),
            ("primary_id_attribute", .string(entity.primaryIdAttribute)),
            ("primary_name_attribute", .optional(entity.primaryNameAttribute)),
            ("display_name", .optional(entity.displayName)),
            ("change_tracking_enabled", .bool(entity.changeTrackingEnabled)),
        ])
    }

    /// A link with its journal, and its outbox state while pending (`links show`).
    static func linkWithHistory(_ link: Link, transaction: Transaction<some Any>) throws -> JSONValue {
        guard case .object(var members) = Renderings.link(link) else { return Renderings.link(link) }
        let journal = try transaction.journal.entries(forLink: link.id).map { entry in
            JSONValue.object([
                ("from", .optional(entry.from?.rawValue)), ("to", .string(entry.to.rawValue)),
                ("reason", .optional(entry.reason?.rawValue)), ("actor", .string(entry.actor.rawValue)),
                ("at", .string(Timestamp.format(entry.at))),
            ])
        }
        members.append((key: "journal", value: .array(journal)))
        if let failure = try transaction.links.failure(link.id) {
            members.append((key: "error", value: .string(failure)))
        }
        if let item = try transaction.outbox.get(link.id) {
            members.append((key: "outbox", value: .object([
                ("attempts", .integer(item.attempts)), ("next_attempt_at", .string(Timestamp.format(item.nextAttemptAt))),
                ("last_error", .optional(item.lastError)),
            ])))
        }
        return .object(members)
    }

    static func counts(_ counts: [LinkState: Int]) -> JSONValue {
        .object(LinkState.allCases.map { ($0.rawValue, .integer(counts[$0] ?? 0)) })
    }
}
