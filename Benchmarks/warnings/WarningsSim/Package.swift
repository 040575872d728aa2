// swift-tools-version: 6.2
import Foundation
import PackageDescription

/// The main package three levels up; SwiftPM names a path dependency after its folder (a checkout may be
/// called anything), so the identity is computed.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized
let rootIdentity = root.lastPathComponent.lowercased()

/// The warnings simulation: a seeded population of contact histories (steady and cooling) run through
/// the warning rules in release mode. Separate package so the main build stays light.
let package = Package(
    name: "WarningsBenchmark",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: root.path)],
    targets: [
        .executableTarget(
            name: "warnings-sim",
            dependencies: [
                .product(name: "RapportAnalysis", package: rootIdentity),
                .product(name: "RapportCore", package: rootIdentity),
            ],
            path: "Sources/warnings-sim")
    ]
)
