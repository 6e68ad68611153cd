import Glibc

/// Why the server could not start.
public enum HTTPServerStartError: Error, Equatable, CustomStringConvertible {
    case invalidHost(String)
    case invalidPort(Int)
    case system(SystemCallError)

    public var description: String {
        switch self {
        case .invalidHost(let host): "not a numeric IPv4/IPv6 address or localhost: \(host)"
        case .invalidPort(let port): "port out of range: \(port)"
        case .system(let error): error.description
        }
    }
}

/// Creates a non-blocking listening TCP socket bound to `host:port` and reports the port
/// it got (the kernel picks one for port 0).
func openListeningSocket(host: String, port: Int) throws(HTTPServerStartError) -> (descriptor: Int32, port: Int) {
    guard (0...65535).contains(port) else { throw .invalidPort(port) }
    let address = host == "localhost" ? "127.0.0.1" : host
    var ipv4 = sockaddr_in()
    var ipv6 = sockaddr_in6()
    let family: Int32
    if inet_pton(AF_INET, address, &ipv4.sin_addr) == 1 {
        family = AF_INET
        ipv4.sin_family = sa_family_t(AF_INET)
        ipv4.sin_port = UInt16(port).bigEndian
    } else if inet_pton(AF_INET6, address, &ipv6.sin6_addr) == 1 {
        family = AF_INET6
        ipv6.sin6_family = sa_family_t(AF_INET6)
        ipv6.sin6_port = UInt16(port).bigEndian
    } else {
        throw .invalidHost(host)
    }
    do throws(SystemCallError) {
        let descriptor = try systemCall("socket") { socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do throws(SystemCallError) {
            var enable: Int32 = 1
            try systemCall("setsockopt(SO_REUSEADDR)") {
                setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &enable, socklen_t(MemoryLayout<Int32>.size))
            }
            if family == AF_INET {
                try systemCall("bind") {
                    withUnsafePointer(to: &ipv4) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                        }
                    }
                }
            } else {
                try systemCall("bind") {
                    withUnsafePointer(to: &ipv6) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                        }
                    }
                }
            }
            try systemCall("listen") { listen(descriptor, 1024) }
            try setNonBlocking(descriptor)
            return (descriptor, try boundPort(descriptor))
        } catch {
            close(descriptor)
            throw error
        }
    } catch {
        throw .system(error)
    }
}

func setNonBlocking(_ descriptor: Int32) throws(SystemCallError) {
    let flags = try systemCall("fcntl(F_GETFL)") { fcntl(descriptor, F_GETFL) }
    try systemCall("fcntl(F_SETFL)") { fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) }
}

private func boundPort(_ descriptor: Int32) throws(SystemCallError) -> Int {
    var storage = sockaddr_storage()
    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
    try systemCall("getsockname") {
        withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
    }
    return withUnsafePointer(to: &storage) { pointer in
        if Int32(pointer.pointee.ss_family) == AF_INET {
            pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        } else {
            pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
        }
    }
}
