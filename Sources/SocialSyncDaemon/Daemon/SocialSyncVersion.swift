/// The version reported by `/status`, the lifecycle log line, `socialsync --version` and
/// the Debian package (`make deb` reads it from here).
public enum SocialSyncVersion {
    public static let current = "0.2.0"
}
