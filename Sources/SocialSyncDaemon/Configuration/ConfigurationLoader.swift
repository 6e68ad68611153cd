import Foundation
import SocialSyncCore

/// Reads the JSON configuration file, rejecting unknown keys so a typo is never ignored.
public enum ConfigurationLoader {
    /// Which file to read: `--config`, else `SOCIALSYNC_CONFIG`, else the default file if it
    /// exists. With none of them the built-in defaults apply.
    public static func resolvePath(flag: String?, environment: [String: String], fileExists: (String) -> Bool) -> String? {
        if let flag { return flag }
        if let fromEnvironment = environment["SOCIALSYNC_CONFIG"], !fromEnvironment.isEmpty { return fromEnvironment }
        return fileExists(Configuration.defaultFile) ? Configuration.defaultFile : nil
    }

    public static func load(path: String?) throws(ConfigurationError) -> Configuration {
        guard let path else { return .defaults }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(file: path, problem: "cannot be read: \(readFailure(error))")
        }
        return try parse(data, file: path)
    }

    /// Pure: the file's bytes to a configuration. Relative store paths are resolved against
    /// the file's directory, so a config and its store can move together.
    public static func parse(_ data: Data, file: String) throws(ConfigurationError) -> Configuration {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ConfigurationError(file: file, problem: "must be a JSON object")
            }
            object = parsed
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(file: file, problem: "is not valid JSON")
        }
        let fields = ConfigurationFields(object: object, file: file)
        try fields.rejectUnknownKeys()

        var configuration = Configuration.defaults
        configuration.sourceFile = file
        if let store = try fields.string("store") {
            guard !store.isEmpty else { throw ConfigurationError(file: file, key: "store", problem: "must not be empty") }
            configuration.storePath = absolute(store, relativeTo: file)
        }
        if let listen = try fields.string("listen") {
            if listen.isEmpty {
                configuration.listen = nil
            } else {
                guard let address = ListenAddress(parsing: listen) else {
                    throw ConfigurationError(file: file, key: "listen", problem: "must be host:port (e.g. 127.0.0.1:9464) or \"\" to turn it off, got '\(listen)'")
                }
                configuration.listen = address
            }
        }
        configuration.healthRequestsPerSecond = try fields.count("health_requests_per_second", range: 1...100_000) ?? configuration.healthRequestsPerSecond
        configuration.pollIntervalSeconds = try fields.seconds("poll_interval_seconds") ?? configuration.pollIntervalSeconds
        configuration.verifyIntervalSeconds = try fields.seconds("verify_interval_seconds") ?? configuration.verifyIntervalSeconds
        configuration.requestTimeoutSeconds = try fields.seconds("request_timeout_seconds") ?? configuration.requestTimeoutSeconds
        configuration.confirmations = try fields.count("confirmations", range: 1...10) ?? configuration.confirmations
        configuration.maxConcurrentRequestsPerInstance = try fields.count("max_concurrent_requests_per_instance", range: 1...52) ?? configuration.maxConcurrentRequestsPerInstance
        // From one creation a minute to Dataverse's whole budget (6,000 per five minutes).
        configuration.creationRequestsPerMinute = try fields.count("creation_requests_per_minute", range: CreationPacing.requestsPerCreation...1200)
            ?? configuration.creationRequestsPerMinute
        configuration.verificationMode = try fields.choice("verification_mode", VerificationModeSetting.self) ?? configuration.verificationMode
        configuration.logFormat = try fields.choice("log_format", Configuration.LogFormat.self) ?? configuration.logFormat
        configuration.logLevel = try fields.choice("log_level", Configuration.LogLevel.self) ?? configuration.logLevel
        return configuration
    }

    static func absolute(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return path }
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        return directory.appendingPathComponent(path).standardizedFileURL.path
    }

    static func readFailure(_ error: any Error) -> String {
        let code = (error as NSError).code
        if code == NSFileReadNoSuchFileError { return "no such file" }
        if code == NSFileReadNoPermissionError { return "permission denied" }
        return "read error"
    }
}
