// swift-tools-version: 6.2
// PostgreSQL history store, kept as a separate package until it is verified in the main build
// (docs/partials.md, "PostgreSQL"). Build and test:
//   cd scale/postgres && export RAPPORT_TEST_POSTGRES_URL=$(../../.ci/postgres.sh start) && swift test
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "RapportPostgres",
    platforms: [.macOS(.v14)],
    products: [.library(name: "RapportStorePostgres", targets: ["RapportStorePostgres"])],
    dependencies: [
        .package(name: "Rapport", path: "../.."),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "RapportStorePostgres",
            dependencies: [
                .product(name: "RapportCore", package: "Rapport"),
                .product(name: "RapportAnalysis", package: "Rapport"),
                .product(name: "RapportStore", package: "Rapport"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RapportStorePostgresTests",
            dependencies: [
                "RapportStorePostgres", .product(name: "RapportStore", package: "Rapport"),
                .product(name: "RapportCore", package: "Rapport"),
            ],
            swiftSettings: swiftSettings),
    ]
)
