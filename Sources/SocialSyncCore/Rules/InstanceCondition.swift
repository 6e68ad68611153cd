/// An instance as its links see it: the administrator's switches first, then the polled verdict.
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
            self = .polled(instance.verdict)
        }
    }
}
