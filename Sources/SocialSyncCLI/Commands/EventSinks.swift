import SocialSyncDaemon

/// Where the command line's engine events go: the same log lines the daemon writes, at
/// the configured level, or at least `minimumLevel` for commands whose own output says
/// what happened (a refresh need not log its token request).
enum EventSinks {
    static func forCommandLine(
        configuration: Configuration, environment: [String: String], minimumLevel: Configuration.LogLevel = .debug
    ) -> any DaemonEventSink {
        LogSink(format: configuration.logFormat, level: max(configuration.logLevel, minimumLevel), environment: environment)
    }
}
