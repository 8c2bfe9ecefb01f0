// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "RotationPlanner",
    products: [
        .executable(name: "plan", targets: ["plan-cli"]),
        .library(name: "AssignModel", targets: ["AssignModel"]),
        .library(name: "Solver", targets: ["Solver"]),
    ],
    dependencies: [
        // Command-line parsing (subcommands, options, help).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // policy.yaml and scenario files; its node marks give line and column for errors.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // RFC 4180 CSV reading (quoted fields, embedded commas, quotes and newlines).
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
        // The HTML and Markdown reports: one report model, one template per format, escaping by default.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        // Excel workbooks (.xlsx is a zip of XML parts): reading a planner's instance workbook.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // The workbench (`plan serve`): a local HTTP server and its store (SQLite, write-ahead log).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .target(
            name: "AssignModel",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK"),
        // libxlsxwriter (Debian: libxlsxwriter-dev) for plans written as Excel workbooks.
        .systemLibrary(name: "CXLSX", path: "Sources/CXLSX"),
        .target(name: "PlanWorkbook", dependencies: ["AssignModel", "CXLSX"]),
        .target(name: "Solver", dependencies: ["AssignModel", "CGLPK"]),
        .target(name: "PlanReports", dependencies: ["AssignModel", .product(name: "Mustache", package: "swift-mustache")]),
        .target(
            name: "Workbench",
            dependencies: [
                "AssignModel", "Solver", "PlanReports", "PlanWorkbook",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "plan-cli",
            dependencies: [
                "AssignModel", "Solver", "PlanReports", "PlanWorkbook", "Workbench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "AssignModelTests", dependencies: ["AssignModel", "PlanReports"]),
        .testTarget(name: "SolverTests", dependencies: ["AssignModel", "Solver", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "CLITests", dependencies: ["AssignModel", "plan-cli"]),
        .testTarget(name: "WorkbenchTests", dependencies: [
            "AssignModel", "Workbench", .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
    ],
    swiftLanguageModes: [.v5]
)
