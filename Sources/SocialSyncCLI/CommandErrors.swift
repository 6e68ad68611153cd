import Dataverse
import SocialSyncCore
import SocialSyncDaemon
import SocialSyncStore

/// Maps the typed errors of the layers below to sysexits codes and one-line messages.
enum CommandErrors {
    static func exitCode(for error: any Error) -> ExitCode {
        switch error {
        case let error as CommandError: error.code
        case is RuleExpressionError: .usage
        case is AdministrationError, is ImportError, is URLPolicyError: .dataError
        case is ConfigurationError: .configuration
        case is SecretError: .noInput
        case is RefreshError, is DataverseError, is TransportFailure: .unavailable
        case let error as StoreError: exitCode(for: error)
        default: .software
        }
    }

    static func exitCode(for error: StoreError) -> ExitCode {
        switch error {
        case .duplicatePost, .duplicateInstance, .duplicateRule, .postAlreadyLinked, .unknownPostOrInstance,
             .unknownInstance, .unknownRule, .unknownLink, .unexpectedLinkState, .schemaTooNew, .unreadableValue, .migrationBrokeReferences:
            .dataError
        case .cannotCreateFile: .cannotCreate
        case .sqlite(_, let code, _, _) where code & 0xFF == 5 || code & 0xFF == 6: .temporaryFailure
        case .sqlite, .walUnavailable, .cannotWriteFile: .ioError
        case .nestedTransaction, .storeClosed, .transactionFinished: .software
        }
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }
}
