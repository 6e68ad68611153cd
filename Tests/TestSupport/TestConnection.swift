import Foundation
import Glibc

public struct TestFailure: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
}

/// A parsed answer as a test sees it.
public struct TestResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as Foundation JSON, for reading fields in assertions.
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    public var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

/// One client TCP connection with blocking I/O and a receive timeout. Holds no buffer:
/// answers are read exactly (header byte by byte, then `Content-Length` bytes), so
/// several answers can be read in turn from a keep-alive connection.
public final class TestConnection: Sendable {
    public let descriptor: Int32

    public init(port: Int, host: String = "127.0.0.1", timeoutSeconds: Int = 5) throws {
        let ipv6 = host.contains(":")
        descriptor = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure(description: "socket failed") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result: Int32
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(port).bigEndian
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            inet_pton(AF_INET, host, &address.sin_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw TestFailure(description: "connect to \(host):\(port) failed, errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw TestFailure(description: "send failed, errno \(errno)") }
            offset += sent
        }
    }

    /// Reads one answer; throws if the connection closes or times out first.
    public func readResponse() throws -> TestResponse {
        var head: [UInt8] = []
        while !head.suffix(4).elementsEqual([13, 10, 13, 10]) {
            guard let byte = try readByte() else {
                throw TestFailure(description: "connection closed after \(head.count) header bytes")
            }
            head.append(byte)
        }
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw TestFailure(description: "bad status line \(lines[0])")
        }
        let headers = lines.dropFirst().map { line -> (name: String, value: String) in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        var body = [UInt8](repeating: 0, count: length)
        var received = 0
        while received < length {
            let count = body.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress! + received, length - received, 0) }
            guard count > 0 else {
                throw TestFailure(description: "connection closed after \(received) of \(length) body bytes")
            }
            received += count
        }
        return TestResponse(status: status, headers: headers, body: body)
    }

    /// Reads until the peer closes (or the timeout), returning everything received.
    public func readUntilClosed() throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == ECONNRESET { return bytes }
                throw TestFailure(description: "no close before the timeout (errno \(errno)) after \(bytes.count) bytes")
            }
            bytes += buffer[0..<count]
        }
    }

    private func readByte() throws -> UInt8? {
        var byte: UInt8 = 0
        let count = recv(descriptor, &byte, 1, 0)
        if count == 1 { return byte }
        if count == 0 || errno == ECONNRESET { return nil }
        throw TestFailure(description: "recv failed or timed out, errno \(errno)")
    }
}
