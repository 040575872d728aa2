// swift-tools-version: 6.2
import PackageDescription

// A separate package so the main build stays light: `cd Benchmarks && swift build -c release`.
// It depends on the main package by path; its build products live in Benchmarks/.build (gitignored).
let package = Package(
    name: "RapportBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Rapport", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "rapport-bench",
            dependencies: [.product(name: "RapportText", package: "Rapport")],
            swiftSettings: [
                .treatAllWarnings(as: .error),
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ])
    ]
)
