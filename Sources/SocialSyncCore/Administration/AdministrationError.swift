/// A refused administrator or user action. Every case names what it is about, so the
/// message alone tells the operator what to fix.
public enum AdministrationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownInstance(String)
    case unknownPost(String)
    case unknownRule(String)
    case duplicateInstance(String)
    case duplicateRule(String)
    case instanceNotAcceptingLinks(String, why: String)
    case noDefaultInstance
    case blockedByActiveRules(action: String, instance: String, rules: [String])
    case postNotAvailable(post: String, state: LinkState, instance: String)
    case noCurrentLink(post: String)
    /// The instance's metadata rules out creating records of this type (R8).
    case cannotCreate(instance: String, recordType: String, CreationPlanningError)

    public var description: String {
        switch self {
        case .unknownInstance(let id): "unknown instance '\(id)'"
        case .unknownPost(let id): "unknown post '\(id)'"
        case .unknownRule(let id): "unknown rule '\(id)'"
        case .duplicateInstance(let id): "instance '\(id)' already exists"
        case .duplicateRule(let id): "rule '\(id)' already exists"
        case .instanceNotAcceptingLinks(let id, let why): "instance '\(id)' does not accept new links: \(why)"
        case .noDefaultInstance: "no default instance is set: name one with --instance, or run 'instances set-default ID'"
        case .blockedByActiveRules(let action, let instance, let rules):
            "cannot \(action) instance '\(instance)': active automation rules link posts to it: \(rules.joined(separator: ", ")); deactivate or delete them first"
        case .postNotAvailable(let post, let state, let instance):
            "post '\(post)' is not available for linking: it has a \(state.rawValue) link to instance '\(instance)'; unlink it first"
        case .noCurrentLink(let post): "post '\(post)' has no pending, active or errored link"
        case .cannotCreate(let instance, let recordType, let problem):
            "instance '\(instance)' cannot take records of type '\(recordType)' from posts: \(problem)"
        }
    }
}
