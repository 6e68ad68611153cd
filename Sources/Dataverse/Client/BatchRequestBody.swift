import Foundation

/// The body of a `$batch` of GET requests (PA `webapi/execute-batch-operations-using-web-api`):
/// `multipart/mixed` with a `batch_<unique identifier>` boundary, each request one part with
/// `Content-Type: application/http` and `Content-Transfer-Encoding: binary`, the last part
/// followed by `--batch_<unique identifier>--`. URLs are absolute (the page's .NET helper:
/// "Relative URI is not allowed with MultipartContent"); lines end with CRLF (RFC 2046 §5.1).
struct BatchRequestBody: Sendable {
    let boundary: String
    let body: Data

    /// `headers` go into every part, after its request line.
    init(gets urls: [URL], headers: [HTTPHeader], boundary: String = "batch_" + UUID().uuidString.lowercased()) {
        self.boundary = boundary
        var text = ""
        for url in urls {
            text += "--\(boundary)\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
            text += "GET \(url.absoluteString) HTTP/1.1\r\n"
            for header in headers { text += "\(header.name): \(header.value)\r\n" }
            // The empty line that ends the request, then the line break the delimiter owns.
            text += "\r\n\r\n"
        }
        text += "--\(boundary)--\r\n"
        body = Data(text.utf8)
    }

    /// The batch's own `Content-Type`, quoting the boundary as the page's examples do.
    var contentType: String { "multipart/mixed; boundary=\"\(boundary)\"" }
}
