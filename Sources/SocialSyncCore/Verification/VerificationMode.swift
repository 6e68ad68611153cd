/// How a verification pass reads the social activities of an instance's links (R20-R22 are
/// decided the same way whichever it is).
public enum VerificationMode: String, Sendable, Equatable {
    /// `In(...)` reads naming the links' activity ids, a few hundred to a request.
    case ids
    /// The whole activity table, 5,000 rows to a page, matched against the links page by page.
    case table
}

/// The `verification_mode` configuration key: `auto` lets each pass choose
/// (`VerificationModeChoice`), `ids` and `table` force one mode for operators and benchmarks.
public enum VerificationModeSetting: String, Sendable, Equatable, CaseIterable {
    case auto, ids, table
}
