import Foundation
import SocialSyncCore

/// Which URLs socialsync may send requests to: `https://` anywhere, plain `http://` only to
/// loopback hosts (interface.md, configuration), never with credentials inside the URL.
/// Applied before any request, so a token or secret never travels in clear text.
public enum URLPolicy {
    public static func check(_ url: URL) throws(URLPolicyError) {
        guard url.user == nil, url.password == nil else { throw URLPolicyError(url: url, reason: .credentialsInURL) }
        guard let host = url.host, !host.isEmpty else { throw URLPolicyError(url: url, reason: .missingHost) }
        switch url.scheme?.lowercased() {
        case "https": return
        case "http":
            guard isLoopback(host: host) else { throw URLPolicyError(url: url, reason: .plainHTTPToRemoteHost) }
        default: throw URLPolicyError(url: url, reason: .unsupportedScheme)
        }
    }

    /// 127.0.0.0/8, ::1 and `localhost`: traffic that never leaves the machine.
    public static func isLoopback(host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if name == "localhost" || name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }
}

/// A URL refused by `URLPolicy`. Shows scheme, host and path only, so a query string or
/// user info never reaches a log.
public struct URLPolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable, Equatable {
        case unsupportedScheme = "only https (or http to a loopback host) is allowed"
        case plainHTTPToRemoteHost = "plain http is allowed only to loopback hosts"
        case missingHost = "the URL has no host"
        case credentialsInURL = "credentials inside a URL are not allowed"
    }

    public var reason: Reason
    public var shownURL: String

    public init(url: URL, reason: Reason) {
        self.reason = reason
        self.shownURL = "\(url.scheme ?? "")://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")\(url.path)"
    }

    public var description: String { "\(shownURL): \(reason.rawValue)" }
}
