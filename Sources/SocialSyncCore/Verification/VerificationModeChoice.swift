/// Which read a pass uses (Benchmarks/README.md, "Two ways to read the activities").
///
/// An `In(...)` read carries about 780 GUIDs before its URL reaches Dataverse's 32,768
/// characters, so it answers at most that many rows; a table page answers 5,000. Ids cost
/// `links / 780` requests, the table `activities / 5000`: the table takes fewer requests from
/// a share of about 16 % on, but it also brings back every row no link needs, and bytes break
/// even only near 85 %. Half is between the two: there the table needs a third of the requests
/// (the budget service protection counts, 6,000 per five minutes) for under twice the bytes.
public enum VerificationModeChoice {
    /// The share of the instance's social activities the pass's links must cover for `auto` to
    /// read the whole table.
    public static let denseShare = 0.5

    /// Below this many links, ids need a request or two: asking the table's size would cost
    /// as much as any read it could save, so `auto` does not ask.
    public static let minimumLinks = 1000

    /// Whether `auto` needs the table's size to choose for this many links.
    public static func needsTableSize(_ setting: VerificationModeSetting, links: Int) -> Bool {
        setting == .auto && links >= minimumLinks
    }

    /// The mode for `links` links of an instance whose activity table holds `activities` rows
    /// (nil when unknown). The size is a snapshot up to a day old (`RetrieveTotalRecordCount`),
    /// which only ever makes a pass cost more or less, never decide otherwise: both modes
    /// apply the same rules to the same kind of answers. An unknown or zero size (a snapshot
    /// not taken yet, while links exist) keeps ids, the mode whose cost follows the links.
    public static func mode(_ setting: VerificationModeSetting, links: Int, activities: Int?) -> VerificationMode {
        switch setting {
        case .ids: return .ids
        case .table: return .table
        case .auto:
            guard links >= minimumLinks, let activities, activities > 0 else { return .ids }
            return Double(links) >= denseShare * Double(activities) ? .table : .ids
        }
    }
}
