import Foundation
import SocialSyncCLI

exit(SocialSyncCommandLine.run(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
