import Foundation
import Glibc

/// Ends the workload once its parent is gone. The test keeps our stdin open while it
/// watches us, so end of file means nobody will ever kill us, and an orphan must not
/// churn forever on a machine with two cores.
enum OrphanGuard {
    static func exitWhenStdinCloses() {
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while true {
                let count = read(STDIN_FILENO, &byte, 1)
                if count > 0 || (count < 0 && errno == EINTR) { continue }
                _exit(0)
            }
        }
    }
}
