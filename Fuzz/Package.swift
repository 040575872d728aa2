// swift-tools-version: 6.2
import PackageDescription

// libFuzzer targets for Rapport's parsers: a separate package so the main build stays light.
// Build and run with `scripts/fuzz.sh [target] [seconds]` (see docs/robustness.md). It depends on the
// main package by path and uses `@testable import` (debug builds with `-enable-testing`) to reach
// the internal parsers; its products live in Fuzz/.build (gitignored).
let package = Package(
    name: "RapportFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Rapport", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "rapport-fuzz",
            dependencies: [
                .product(name: "RapportIngest", package: "Rapport"),
                .product(name: "RapportText", package: "Rapport"),
                .product(name: "RapportCore", package: "Rapport"),
                .product(name: "RapportSentiment", package: "Rapport"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
                // libFuzzer provides main(); the target only defines LLVMFuzzerTestOneInput.
                .unsafeFlags(["-parse-as-library"]),
            ])
    ]
)
