import Testing
import TestSupport

@Suite("Crash safety")
struct CrashSafetyTests {
    /// N3: SIGKILL at random moments while links change, then the checks the next run
    /// relies on: integrity, every journal row with its change and vice versa, one current
    /// link per post, pending links with their outbox rows, and no committed row lost.
    @Test func n3_sigkillWhileLinksChangeLeavesTheStoreConsistentAndLosesNoCommit() async throws {
        let kills = 60
        let report = try await DedicatedThread.run { try KillLoop(kills: kills).run() }
        #expect(report.failures == [])
        #expect(report.kills == kills)
        #expect(report.journalRows > report.journalRowsAtFirstKill, "the workload went on changing links between kills")
    }
}
