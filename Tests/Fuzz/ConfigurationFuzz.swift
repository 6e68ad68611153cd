// libFuzzer target: the configuration parser (Sources/SocialSyncDaemon/Configuration),
// compiled with those sources by scripts/fuzz.sh. Every input must end in a configuration
// or a typed ConfigurationError, never a trap; a configuration it accepts must hold
// values inside the documented ranges (README "Configuration").
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    do {
        let configuration = try ConfigurationLoader.parse(bytes, file: "/etc/socialsync/fuzz.json")
        precondition((1...10).contains(configuration.confirmations), "confirmations \(configuration.confirmations)")
        precondition(configuration.requestTimeoutSeconds > 0 && configuration.pollIntervalSeconds > 0, "non-positive interval accepted")
        precondition((1...52).contains(configuration.maxConcurrentRequestsPerInstance), "concurrency \(configuration.maxConcurrentRequestsPerInstance)")
        precondition((1...100_000).contains(configuration.healthRequestsPerSecond), "health rate \(configuration.healthRequestsPerSecond)")
    } catch {
        precondition(!error.description.isEmpty)
    }
    return 0
}
