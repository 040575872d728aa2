// swift-tools-version: 6.2
import PackageDescription

// Benchmark of the analysis pipeline (a separate package so the main build stays light).
let package = Package(
    name: "AnalysisBench",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Rapport", path: "../..")],
    targets: [
        .executableTarget(
            name: "AnalysisBench",
            dependencies: [
                .product(name: "RapportAnalysis", package: "Rapport"),
                .product(name: "RapportCore", package: "Rapport"),
            ])
    ]
)
