/// An instance as its links see it: the administrator's switches first, then the polled
/// verdict. An instance answering as another organization than the one learned (R1) is of
/// unknown state, which changes no link (N1).
public enum InstanceCondition: Sendable, Equatable {
    case deleted
    case disabled
    case polled(Verdict)

    public init(_ instance: Instance) {
        if instance.isDeleted {
            self = .deleted
        } else if !instance.isEnabled {
            self = .disabled
        } else {
            self = .polled(instance.organizationMismatch ? .unknown : instance.verdict)
        }
    }
}
