/// Hands out bearer tokens for one instance. `TokenProvider` is the real one.
public protocol AccessTokenSource: Sendable {
    /// A token believed valid, from cache when possible.
    func token() async throws(TokenError) -> AccessToken
    /// A new token after the Web API rejected `rejected` with 401. Concurrent callers holding
    /// the same rejected token share one refresh.
    func refresh(replacing rejected: AccessToken) async throws(TokenError) -> AccessToken
}
