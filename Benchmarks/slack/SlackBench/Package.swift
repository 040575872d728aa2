// swift-tools-version: 6.2
// Benchmark for the Slack export reader: a separate package so the main build stays light.
import Foundation
import PackageDescription

// A path dependency's identity is its folder name (the checkout's, e.g. "rapport" or a worktree name).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let rapport = repoRoot.lastPathComponent.lowercased()

let package = Package(
    name: "SlackBench",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "../../..")],
    targets: [
        .executableTarget(
            name: "slack-bench",
            dependencies: [
                .product(name: "RapportIngest", package: rapport),
                .product(name: "RapportCore", package: rapport),
            ],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])])
    ]
)
