import Foundation
import Glibc
import SocialSyncStore

// store-churn STORE_PATH --seed N [--posts COUNT]: prepares the store, prints "ready" once
// that is committed, then changes links until it is killed (or its stdin closes).
do {
    let arguments = try ChurnArguments(Array(CommandLine.arguments.dropFirst()))
    OrphanGuard.exitWhenStdinCloses()
    let churn = LinkChurn(store: try Store(path: arguments.storePath), postCount: arguments.postCount, seed: arguments.seed)
    try churn.prepareIfEmpty()
    FileHandle.standardOutput.write(Data("ready\n".utf8))
    while true { try churn.step() }
} catch let error as ChurnArguments.Invalid {
    FileHandle.standardError.write(Data("store-churn: \(error)\n\(ChurnArguments.usage)\n".utf8))
    exit(64)
} catch {
    FileHandle.standardError.write(Data("store-churn: \(error)\n".utf8))
    exit(70)
}
