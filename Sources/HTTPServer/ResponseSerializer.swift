/// The bytes to write for one answer and what to do with the connection afterwards.
struct OutgoingMessage {
    enum Ending {
        case keepOpen
        /// Half-close and drain what the client still sends, so it reads the answer
        /// before the connection goes away (closing with unread input sends a reset).
        case closeGracefully
        /// Close at once, for the deliberately broken deliveries.
        case closeAbruptly
    }

    var bytes: [UInt8]
    var ending: Ending
}

enum ResponseSerializer {
    /// Builds the status line, headers (with `Content-Length` and `Connection` set here, so
    /// handlers cannot get framing wrong) and body.
    static func serialize(_ response: HTTPResponse, keepAlive: Bool, omitBody: Bool) -> OutgoingMessage {
        var headers = response.headers
        headers.remove("Content-Length")
        headers.remove("Connection")
        var declaredLength = response.body.count
        var ending: OutgoingMessage.Ending = keepAlive ? .keepOpen : .closeGracefully
        switch response.delivery {
        case .complete:
            break
        case .closeWithoutAnswer:
            return OutgoingMessage(bytes: [], ending: .closeAbruptly)
        case .closeAfterSending:
            ending = .closeAbruptly
        case .closeAfterDeclaring(let contentLength):
            declaredLength = max(contentLength, response.body.count)
            ending = .closeAbruptly
        }
        let noBody = response.status == 204 || response.status == 304 || response.status < 200
        if !noBody { headers.set("Content-Length", String(declaredLength)) }
        headers.set("Connection", ending == .keepOpen ? "keep-alive" : "close")
        var head = "HTTP/1.1 \(response.status) \(HTTPStatus.reasonPhrase(response.status))\r\n"
        for field in headers { head += "\(field.name): \(field.value)\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if !noBody && !omitBody { bytes += response.body }
        if case .closeAfterSending(let byteCount) = response.delivery {
            bytes = Array(bytes.prefix(max(0, byteCount)))
        }
        return OutgoingMessage(bytes: bytes, ending: ending)
    }
}
