/// The version reported by `/status` and the lifecycle log line.
public enum SocialSyncVersion {
    public static let current = "0.1.0"
}
