// swift-tools-version:6.0
// Tessera: a self-hostable, multi-tenant, no-code platform for Telegram Mini Apps.
// Layers (lower ones know nothing of higher ones):
//   C shims → infrastructure (TesseraLog, TesseraJSON, TesseraCrypto, Postgres, HTTP)
//   → domain (Blueprint, Telegram, Tenancy, Analytics, AppAPI) → the `tessera` executable.
// No Swift package dependencies: only the toolchain, libpq and OpenSSL.
import PackageDescription

let package = Package(
    name: "Tessera",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tessera", targets: ["tessera"])
    ],
    targets: [
        // MARK: C shims
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .target(name: "CTesseraSystem"),

        // MARK: Infrastructure
        .target(name: "TesseraLog"),
        .target(name: "TesseraJSON"),
        .target(name: "TesseraCrypto", dependencies: ["COpenSSL"]),
        .target(name: "Postgres", dependencies: ["CLibPQ", "TesseraLog"]),
        .target(name: "HTTP", dependencies: ["CTesseraSystem", "TesseraLog", "TesseraJSON"]),

        // MARK: Domain
        .target(name: "Blueprint", dependencies: ["TesseraJSON"]),
        .target(name: "Telegram", dependencies: ["TesseraCrypto", "TesseraJSON"]),
        // A Bot API simulator: Telegram's JSON shapes and errors, in memory, for tests and `tessera dev`.
        .target(name: "TelegramSimulator", dependencies: ["Telegram", "HTTP", "TesseraJSON", "TesseraCrypto", "TesseraLog"]),
        .target(
            name: "Tenancy",
            dependencies: ["Blueprint", "Telegram", "Postgres", "TesseraCrypto", "TesseraJSON", "TesseraLog"]
        ),
        .target(name: "Analytics", dependencies: ["Postgres", "TesseraJSON", "TesseraLog"]),
        // Business areas (News, Events, Shop, Staff tokens, …): model, SQL and endpoints per folder.
        .target(
            name: "Sections",
            dependencies: ["Tenancy", "Blueprint", "Telegram", "HTTP", "Postgres", "TesseraCrypto", "TesseraJSON", "TesseraLog"]
        ),
        .target(name: "GameFi", dependencies: ["Blueprint", "Postgres"]),
        // Back-office staff: accounts, memberships, one-time links, sessions, sign-in limits; audit log.
        .target(name: "Staff", dependencies: ["Tenancy", "Postgres", "TesseraCrypto", "TesseraJSON", "TesseraLog"]),
        .target(
            name: "AppAPI",
            dependencies: [
                "Sections", "GameFi", "Tenancy", "Analytics", "Blueprint", "Telegram", "HTTP", "Postgres", "TesseraJSON",
                "TesseraLog",
            ],
            resources: [.copy("Web")]
        ),

        // MARK: Executable
        .executableTarget(
            name: "tessera",
            dependencies: [
                "AppAPI", "Sections", "Staff", "Tenancy", "Blueprint", "Telegram", "TelegramSimulator", "HTTP", "Postgres", "TesseraJSON", "TesseraLog",
            ]
        ),

        // MARK: Tests
        .target(name: "TesseraTestSupport", dependencies: ["Postgres"], path: "Tests/TesseraTestSupport"),
        .testTarget(name: "TesseraJSONTests", dependencies: ["TesseraJSON"]),
        .testTarget(name: "TesseraCryptoTests", dependencies: ["TesseraCrypto"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TesseraTestSupport"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TesseraJSON"]),
        .testTarget(name: "BlueprintTests", dependencies: ["Blueprint", "TesseraJSON"]),
        .testTarget(name: "TelegramTests", dependencies: ["Telegram", "TelegramSimulator", "TesseraJSON"]),
        .testTarget(name: "TelegramSimulatorTests", dependencies: ["TelegramSimulator", "Telegram", "HTTP", "TesseraJSON"]),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "Postgres", "TesseraTestSupport"]),
        .testTarget(name: "GameFiTests", dependencies: ["GameFi", "Blueprint", "Postgres", "TesseraTestSupport"]),
        .testTarget(
            name: "TenancyTests",
            dependencies: [
                "Tenancy", "TesseraTestSupport", "Postgres", "Blueprint", "TesseraCrypto", "Telegram", "TelegramSimulator",
            ]
        ),
        .testTarget(name: "StaffTests", dependencies: ["Staff", "Tenancy", "TesseraTestSupport", "Postgres", "TesseraCrypto", "TesseraJSON"]),
        .testTarget(name: "SectionsTests", dependencies: ["Sections", "Tenancy", "TesseraJSON"]),
        .testTarget(
            name: "AppAPITests",
            dependencies: [
                "AppAPI", "Sections", "GameFi", "Tenancy", "HTTP", "Telegram", "TelegramSimulator", "TesseraTestSupport",
                "Postgres", "TesseraJSON", "Blueprint",
            ]
        ),
        .testTarget(name: "CLITests", dependencies: ["TesseraTestSupport", "TelegramSimulator", "Telegram", "TesseraLog", "Postgres", "TesseraCrypto"]),
    ]
)
