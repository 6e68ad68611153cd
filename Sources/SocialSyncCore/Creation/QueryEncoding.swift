import Foundation

/// Percent-encodes a query option's value for a Web API URL: everything but RFC 3986's
/// unreserved characters, so quotes, spaces, `&`, `=` and `#` in a value cannot change
/// the query around it.
enum QueryEncoding {
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func value(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
