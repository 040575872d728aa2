// swift-tools-version: 6.2
import PackageDescription

/// Settings shared by every Swift target (Swift 6 language mode is the tools-version default).
/// Warnings are errors in our own targets only (dependencies are unaffected).
let swiftSettings: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Rapport",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rapport", targets: ["rapport"]),
        .library(name: "RapportCore", targets: ["RapportCore"]),
        .library(name: "RapportText", targets: ["RapportText"]),
        .library(name: "RapportIngest", targets: ["RapportIngest"]),
        .library(name: "RapportSentiment", targets: ["RapportSentiment"]),
        .library(name: "RapportAnalysis", targets: ["RapportAnalysis"]),
        .library(name: "RapportReport", targets: ["RapportReport"]),
        .library(name: "RapportStore", targets: ["RapportStore"]),
        .library(name: "RapportStorePostgres", targets: ["RapportStorePostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // MARK: C at the edge
        .systemLibrary(name: "CICU", pkgConfig: "icu-uc icu-i18n", providers: [.apt(["libicu-dev"])]),
        .target(name: "CICUShim", dependencies: ["CICU"]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CRapportZlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: Data flow: files → ingest → Message → clean → sentiment → dynamics → score → reports
        .target(name: "RapportCore", swiftSettings: swiftSettings),
        .target(
            name: "RapportText",
            dependencies: ["RapportCore", "CICUShim", "CLibXML2"],
            swiftSettings: swiftSettings),
        .target(
            name: "RapportIngest",
            dependencies: [
                "RapportCore", "RapportText", "CRapportZlib", "CLibXML2",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "RapportSentiment",
            dependencies: ["RapportCore", "RapportText"],
            swiftSettings: swiftSettings),
        .target(
            name: "RapportAnalysis",
            dependencies: ["RapportCore", "RapportText", "RapportSentiment"],
            swiftSettings: swiftSettings),
        .target(
            name: "RapportReport",
            dependencies: ["RapportCore", "RapportAnalysis"],
            swiftSettings: swiftSettings),
        .target(
            name: "RapportStore",
            dependencies: ["RapportCore", "RapportAnalysis", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        // The shared PostgreSQL history store: only this target and the CLI depend on postgres-nio.
        .target(
            name: "RapportStorePostgres",
            dependencies: [
                "RapportCore", "RapportAnalysis", "RapportStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "rapport",
            dependencies: [
                "RapportCore", "RapportIngest", "RapportSentiment", "RapportAnalysis", "RapportReport",
                "RapportStore", "RapportStorePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),

        // MARK: Tests
        .testTarget(
            name: "RapportCoreTests", dependencies: ["RapportCore"], exclude: ["Fixtures"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RapportTextTests", dependencies: ["RapportText"], exclude: ["Fixtures"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RapportIngestTests", dependencies: ["RapportIngest", "RapportText"], exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RapportSentimentTests", dependencies: ["RapportSentiment"], exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RapportAnalysisTests", dependencies: ["RapportAnalysis", "RapportIngest"], exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RapportReportTests", dependencies: ["RapportReport", "RapportIngest", "RapportStore"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RapportStorePostgresTests", dependencies: ["RapportStorePostgres", "RapportStore", "RapportCore"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RapportCLITests", dependencies: [], exclude: ["Fixtures"], swiftSettings: swiftSettings),
    ]
)
