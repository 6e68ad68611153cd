/// The guards on administrator actions over instances (R2, R3, R5, R6, R8).
public enum InstanceGuards {
    /// R2, R3, R12: only an enabled, not deleted, not expired instance can be the default
    /// or the target of new links (by hand or by an active automation rule).
    public static func checkAcceptsNewLinks(_ instance: Instance) throws(AdministrationError) {
        if let why = refusalOfNewLinks(instance) {
            throw .instanceNotAcceptingLinks(instance.id, why: why)
        }
    }

    /// R6: disabling (R3) or deleting (R5) is refused while an active automation rule
    /// links posts to the instance; the error names every blocking rule.
    public static func checkNoActiveRules(action: String, instance: Instance, rules: [AutomationRule]) throws(AdministrationError) {
        let blocking = rules.filter { $0.isActive && $0.instanceID == instance.id }.map(\.id).sorted()
        if !blocking.isEmpty {
            throw .blockedByActiveRules(action: action, instance: instance.id, rules: blocking)
        }
    }

    /// R2, R3, R8, R10, R12: the instance a new link goes to, the named one or the default.
    public static func targetForNewLink(named id: String?, among instances: [Instance]) throws(AdministrationError) -> Instance {
        let target: Instance
        if let id {
            guard let named = instances.first(where: { $0.id == id }) else { throw .unknownInstance(id) }
            target = named
        } else {
            guard let fallback = instances.first(where: { $0.isDefault && $0.acceptsNewLinks }) else { throw .noDefaultInstance }
            target = fallback
        }
        if let why = refusalOfNewLinks(target) {
            throw .instanceNotAcceptingLinks(target.id, why: why)
        }
        return target
    }

    /// R8: a post is available for linking when it has no current link.
    public static func checkAvailable(post: String, currentLink: Link?) throws(AdministrationError) {
        if let currentLink {
            throw .postNotAvailable(post: post, state: currentLink.state, instance: currentLink.instanceID)
        }
    }

    static func refusalOfNewLinks(_ instance: Instance) -> String? {
        if instance.isDeleted { return "it is deleted" }
        if !instance.isEnabled { return "it is disabled" }
        if instance.verdict == .expired { return "its organization has expired" }
        return nil
    }
}
