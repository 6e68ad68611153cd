import Dispatch
import Foundation
import Glibc

/// `d365-sim [--host 127.0.0.1] [--port 0] [--latency-ms 0] [--seed FILE] [--generate N --instances M [--emit-links FILE] [--emit-posts FILE]]`
public struct SimulatorOptions: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 0
    public var seedPath: String?
    public var generatedActivities: Int?
    public var instances: Int?
    public var linksPath: String?
    public var postsPath: String?
    /// Added to every Web API answer, as a distant instance's round trip would be.
    public var latencyMilliseconds = 0

    public static let usage =
        "usage: d365-sim [--host 127.0.0.1] [--port 0] [--latency-ms 0] [--seed FILE] [--generate N --instances M [--emit-links FILE] [--emit-posts FILE]]"

    public init(arguments: [String]) throws(SimulatorError) {
        var remaining = arguments[...]
        while let option = remaining.popFirst() {
            guard let value = remaining.popFirst() else { throw .badRequest("\(option) needs a value\n\(Self.usage)") }
            switch option {
            case "--host": host = value
            case "--port": port = try Self.integer(option, value)
            case "--latency-ms": latencyMilliseconds = try Self.integer(option, value)
            case "--seed": seedPath = value
            case "--generate": generatedActivities = try Self.integer(option, value)
            case "--instances": instances = try Self.integer(option, value)
            case "--emit-links": linksPath = value
            case "--emit-posts": postsPath = value
            default: throw .badRequest("unknown option \(option)\n\(Self.usage)")
            }
        }
        guard ["127.0.0.1", "::1", "localhost"].contains(host) else {
            throw .badRequest("--host must be a loopback address (127.0.0.1, ::1 or localhost)")
        }
        if (generatedActivities == nil) != (instances == nil) {
            throw .badRequest("--generate and --instances go together\n\(Self.usage)")
        }
        if (linksPath != nil || postsPath != nil) && generatedActivities == nil { throw .badRequest("--emit-links and --emit-posts need --generate") }
    }

    private static func integer(_ option: String, _ value: String) throws(SimulatorError) -> Int {
        guard let number = Int(value), number >= 0 else { throw .badRequest("\(option) needs a non-negative integer, got \(value)") }
        return number
    }
}

/// The executable: load data, bind, print the one `listening on` line, serve until
/// SIGTERM or SIGINT, exit 0.
public enum SimulatorCommand {
    public static func run(arguments: [String]) -> Never {
        let server: SimulatorServer
        do {
            let options = try SimulatorOptions(arguments: arguments)
            let simulator = Simulator()
            simulator.latency = .milliseconds(options.latencyMilliseconds)
            if let path = options.seedPath {
                guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read seed file \(path)", code: 2) }
                try simulator.loadSeed(Array(data))
            }
            if let activities = options.generatedActivities, let instances = options.instances {
                let generated = try GeneratedData(activities: activities, instances: instances)
                try simulator.generate(generated)
                if let path = options.linksPath { try generated.writeLinks(to: path) }
                if let path = options.postsPath { try generated.writePosts(to: path) }
            }
            do {
                server = try SimulatorServer.start(simulator: simulator, host: options.host, port: options.port)
            } catch {
                fail("cannot listen on \(options.host):\(options.port): \(error)", code: 1)
            }
        } catch {
            fail(error.description, code: 2)
        }
        FileHandle.standardOutput.write(Data("listening on \(server.baseURL)\n".utf8))
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler {
                server.stop()
                exit(0)
            }
            source.resume()
            return source
        }
        withExtendedLifetime(sources) { dispatchMain() }
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("d365-sim: \(message)\n".utf8))
        exit(code)
    }
}
