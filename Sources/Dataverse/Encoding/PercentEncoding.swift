import Foundation

/// Percent-encoding for the two places socialsync builds encoded text by hand.
enum PercentEncoding {
    /// OData query values: everything but RFC 3986 unreserved characters and the sub-delimiters
    /// OData syntax needs literally (`'`, `(`, `)`, `,`, `$`, `:`); `&`, `=`, `+`, brackets and
    /// spaces are encoded so the query splits unambiguously.
    static let queryValueCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~'(),$:")

    /// `application/x-www-form-urlencoded` values: only unreserved characters stay as they are.
    static let formValueCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryValueCharacters) ?? ""
    }

    static func form(_ fields: [(name: String, value: String)]) -> String {
        fields.map { field in
            let value = field.value.addingPercentEncoding(withAllowedCharacters: formValueCharacters) ?? ""
            return "\(field.name)=\(value)"
        }.joined(separator: "&")
    }
}
