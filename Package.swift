// swift-tools-version:6.0
// socialsync: keeps links between social posts and Dynamics 365 / Dataverse records true.
// No package dependencies by design: Foundation, Dispatch, Glibc, libcurl and SQLite only.
import PackageDescription

let package = Package(
    name: "socialsync",
    products: [
        .executable(name: "socialsync", targets: ["socialsync"]),
        .executable(name: "d365-sim", targets: ["d365-sim"]),
    ],
    targets: [
        // C shims: module maps and typed, non-variadic static-inline wrappers, nothing else.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // Pure domain core: the rules of behaviour.md as total functions. No I/O.
        .target(name: "SocialSyncCore"),

        // Adapters.
        .target(name: "SocialSyncStore", dependencies: ["SocialSyncCore", "CSQLite"]),
        .target(name: "HTTPServer"),
        .target(name: "Dataverse", dependencies: ["SocialSyncCore", "CCurl"]),

        // The Dataverse simulator: logic in a library so tests can run it in-process too.
        .target(name: "D365Sim", dependencies: ["HTTPServer"]),
        .executableTarget(name: "d365-sim", dependencies: ["D365Sim"]),

        // The daemon shell: configuration, scheduling, reconciliation, health endpoint, logs.
        .target(name: "SocialSyncDaemon", dependencies: ["SocialSyncCore", "SocialSyncStore", "Dataverse", "HTTPServer"]),
        // The administrator's command line, one file per command group.
        .target(name: "SocialSyncCLI", dependencies: ["SocialSyncCore", "SocialSyncStore", "Dataverse", "SocialSyncDaemon"]),
        .executableTarget(name: "socialsync", dependencies: ["SocialSyncCLI"]),

        // Helpers shared by the test targets: built products, temp dirs, child processes.
        .target(name: "TestSupport", dependencies: ["Dataverse"], path: "Tests/TestSupport"),

        .testTarget(name: "SocialSyncCoreTests", dependencies: ["SocialSyncCore"]),
        .testTarget(name: "SocialSyncStoreTests", dependencies: ["SocialSyncStore", "SocialSyncCore"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"]),
        .testTarget(name: "DataverseTests", dependencies: ["Dataverse", "SocialSyncCore", "TestSupport"]),
        .testTarget(name: "D365SimTests", dependencies: ["D365Sim", "TestSupport"]),
        .testTarget(name: "SocialSyncDaemonTests", dependencies: ["SocialSyncDaemon", "SocialSyncCore", "SocialSyncStore", "Dataverse", "HTTPServer", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"]),
        .testTarget(name: "SocialSyncCLITests", dependencies: ["SocialSyncCLI", "SocialSyncStore", "SocialSyncCore", "TestSupport"]),
        // Fault matrix, crash loop, secrets, fuzz and load proofs of N1-N4, through the real binaries.
        .testTarget(name: "ReliabilityTests", dependencies: ["TestSupport", "Dataverse", "SocialSyncStore"]),
        // The crash-safety workload: changes links until SocialSyncCLITests kills it.
        .executableTarget(name: "store-churn", dependencies: ["SocialSyncStore", "SocialSyncCore"], path: "Tests/StoreChurn"),
    ],
    swiftLanguageModes: [.v6]
)
