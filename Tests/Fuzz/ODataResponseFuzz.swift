// libFuzzer target: the readers of Dataverse Web API answers (Sources/Dataverse/OData: pages
// of batched reads and their rows, change-tracking pages, next and delta links, WhoAmI and
// EntityDefinitions answers), compiled with them and the SocialSyncCore sources by
// scripts/fuzz.sh. The first byte picks the reader; the rest is the body (or the link).
// Each check is a promise the client relies on, so a wrong answer fails like a trap.
import Foundation

private let apiBase = URL(string: "https://contoso.crm.dynamics.com/api/data/v9.2/")!

/// A case table's key and R16's detail columns, as the documented names give them.
private let incidentColumns = RecordColumns(EntityMetadata.documented("incident")!)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzODataResponse(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let selector = bytes.first else { return 0 }
    let body = Data(bytes.dropFirst())
    switch selector % 6 {
    case 0:
        if let page = ObservedPage<ActivityRow>.decode(body) {
            for row in page.rows { precondition(row.id == row.id.lowercased(), "activity id not lower-cased: \(row.id)") }
            checkLink(page.nextLink)
        }
    case 1:
        if let page = ObservedPage<RecordRow>.decode(body, recordColumns: incidentColumns) {
            for row in page.rows { precondition(row.id == row.id.lowercased(), "record id not lower-cased: \(row.id)") }
            checkLink(page.nextLink)
        }
    case 2:
        if let page = DeltaPage.decode(body, key: "incidentid") {
            for id in page.ids { precondition(id == id.lowercased(), "changed id not lower-cased: \(id)") }
            checkLink(page.nextLink)
            checkLink(page.deltaLink)
        }
    case 3:
        // A link on its own, most of them under the base so the checks past the prefix run.
        guard bytes.count > 1 else { return 0 }
        let suffix = String(decoding: bytes.dropFirst(2), as: UTF8.self)
        checkLink(bytes[1] & 1 == 0 ? apiBase.absoluteString + suffix : suffix)
    case 4:
        guard let root = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return 0 }
        if let metadata = EntityDefinitionAnswer.metadata(root) {
            for name in [metadata.logicalName, metadata.entitySetName, metadata.primaryIdAttribute] {
                precondition(!name.isEmpty && name.utf8.count <= 128, "metadata name of \(name.utf8.count) bytes")
                precondition(name.utf8.allSatisfy(isIdentifierByte), "metadata name that could change a URL: \(name)")
            }
        }
        // A navigation property becomes a member name of a create's body.
        for relationship in EntityDefinitionCollections.relationships(root) ?? [] {
            let name = relationship.navigationProperty
            precondition(!name.isEmpty && name.utf8.count <= 128 && name.utf8.allSatisfy(isIdentifierByte), "navigation property \(name)")
        }
        _ = EntityDefinitionCollections.attributes(root)
        _ = EntityDefinitionCollections.maxLengths(root)
        // A profile id found by the creation's lookup goes into a bind path.
        if case .found(let profileID, let customer)? = ProfileLookupAnswer.author(root, key: "socialprofileid") {
            precondition(profileID.utf8.count == 36 && profileID == profileID.lowercased(), "profile id \(profileID)")
            precondition(customer.map { $0.id.utf8.count == 36 && $0.id == $0.id.lowercased() } ?? true, "customer id")
        }
    default:
        guard let root = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else { return 0 }
        if let id = ProbeAnswers.organizationID(root) {
            precondition(id.utf8.count == 36 && id == id.lowercased(), "organization id \(id)")
        }
        _ = ProbeAnswers.languageCode(root)
    }
    return 0
}

/// A link the client would follow keeps the token on the instance: same scheme, host and
/// port as the base (compared without regard to case, the default port filled in), no user
/// info, the base's path as its prefix, and the request goes to it unchanged.
private func checkLink(_ link: String?) {
    guard let link, let url = NextLink.url(link, under: apiBase) else { return }
    precondition(url.absoluteString == link, "link changed on the way: \(link) -> \(url.absoluteString)")
    precondition(url.user == nil && url.password == nil, "link with user info: \(link)")
    precondition(url.host?.lowercased() == apiBase.host && (url.port ?? 443) == 443 && url.scheme?.lowercased() == apiBase.scheme,
                 "link to another endpoint: \(link)")
    // The path as sent: a decoded `url.path` is empty for percent-escapes that are not UTF-8.
    let sentPath = URLComponents(string: link)?.percentEncodedPath.lowercased() ?? ""
    precondition(sentPath.hasPrefix(apiBase.path.lowercased()), "link outside the base: \(link)")
}

/// ASCII letters, digits and the underscore: nothing a URL gives a meaning to.
private func isIdentifierByte(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "_") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
}
