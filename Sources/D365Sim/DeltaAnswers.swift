import Glibc
import HTTPServer

/// How an organization answers delta calls that Microsoft documents only loosely (PA
/// `use-change-tracking-synchronize-data-external-systems`), set by the admin API
/// (`PUT /_admin/orgs/{org}/delta_answers`) so tests can hold a client to every form.
struct DeltaAnswers: Sendable, Equatable {
    /// The answer to a delta call when nothing changed. The page says only "An empty JSON
    /// response is returned if no table changes have occurred"; its shape is not documented,
    /// so all three forms below are candidates (dataverse.md "Reading: what 'missing' means").
    enum NoChanges: String, Sendable, CaseIterable {
        /// `{"@odata.context":…,"value":[],"@odata.deltaLink":…}`: a page like any other.
        case emptyValue = "empty_value"
        /// `{}`.
        case emptyObject = "empty_object"
        /// A 200 with no body at all.
        case emptyBody = "empty_body"
    }

    var noChanges = NoChanges.emptyValue
    /// The status of the `ExpiredVersionStamp` answer. Made up: the Web API status of an
    /// expired delta token is not documented (docs/dataverse.md review B5), only its code and text.
    var expiredStatus = 400

    /// The answer for an expired token: the SDK's `ExpiredVersionStamp` code and message
    /// (docs/dataverse.md review B5, from DFE teaching-record-system and PowerApps-Samples
    /// `RetrieveMetadataChanges`, which checks `0x80044352`).
    var expired: DataverseError {
        DataverseError(
            status: expiredStatus, code: "0x80044352",
            message: "Version stamp associated with the client has expired. Please perform a full sync.")
    }

    /// The `{}` or empty-body answer, or nil when the ordinary page is the answer.
    var quietAnswer: HTTPResponse? {
        switch noChanges {
        case .emptyValue: nil
        case .emptyObject: ODataResponse.json(status: 200, .object([]))
        case .emptyBody: HTTPResponse(status: 200, headers: ["Content-Type": "application/json; odata.metadata=minimal", "OData-Version": "4.0"])
        }
    }
}

/// A delta token shaped like Dataverse's: the change-tracking page shows
/// `$deltatoken=919042%2108%2f22%2f2017%2008%3a10%3a44`, i.e. `<version>!<UTC date and time>`
/// percent-encoded with lower-case hex digits. The version is the organization's write
/// version; the date is when the token was handed out (its meaning in Dataverse is not
/// documented: the client must treat the token as opaque).
struct DeltaToken: Equatable {
    var version: Int
    var issued: String

    init(version: Int) {
        self.version = version
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        issued = "\(two(parts.tm_mon + 1))/\(two(parts.tm_mday))/\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }

    /// The token as a client sent it back (query-decoded); nil when it is not one of ours.
    init?(decoded text: String) {
        guard let bang = text.firstIndex(of: "!"), let version = Int(text[..<bang]), version >= 0 else { return nil }
        self.version = version
        issued = String(text[text.index(after: bang)...])
    }

    var text: String { "\(version)!\(issued)" }

    /// The token for a link. The text has no letters, so lower-casing the encoding only
    /// lower-cases the hex digits, as in Microsoft's example.
    var encoded: String { PercentEncoding.encode(text).lowercased() }
}
