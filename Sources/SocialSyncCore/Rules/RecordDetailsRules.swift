/// R16: a record's details are shown only while its instance is enabled and healthy; while
/// it is disabled, deleted, down, expired or unauthorized (or answers as another
/// organization, or its health is not known) they are hidden, and the reason is said.
public enum RecordDetailsRules {
    /// nil when details may be shown; otherwise why not, e.g. "instance disabled".
    public static func unavailability(_ instance: Instance) -> String? {
        if instance.isDeleted { return "instance deleted" }
        if !instance.isEnabled { return "instance disabled" }
        if instance.organizationMismatch { return "instance answers as another organization" }
        guard instance.verdict == .healthy else { return "instance \(instance.verdict.rawValue)" }
        return nil
    }
}
