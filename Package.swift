// swift-tools-version:6.0
// Tessera: a self-hostable, multi-tenant, no-code platform for Telegram Mini Apps.
// Layers (lower ones know nothing of higher ones):
//   C shims → infrastructure (TesseraLog, TesseraJSON, TesseraCrypto, Postgres, HTTP)
//   → domain (Blueprint, Telegram, Tenancy, Analytics, AppAPI) → the `tessera` executable.
// No Swift package dependencies: only the toolchain, libpq and OpenSSL.
import PackageDescription

let kernelDependencies: [Target.Dependency] = [
    "Blueprint", "Telegram", "Tenancy", "HTTP", "Postgres", "TesseraCrypto", "TesseraJSON", "TesseraLog",
]
let areaDependencies: [Target.Dependency] = ["Kernel"] + kernelDependencies
let areas: [Target.Dependency] = ["News", "Events", "Shop", "Payments", "GameFi", "Ratings", "Staff", "People", "Analytics", "Dialogs"]

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
        .target(name: "Postgres", dependencies: ["CLibPQ", "CTesseraSystem", "TesseraLog"]),
        .target(name: "HTTP", dependencies: ["CTesseraSystem", "TesseraLog", "TesseraJSON"]),

        // MARK: Domain
        .target(name: "Blueprint", dependencies: ["TesseraJSON", "Telegram"]),
        .target(name: "Telegram", dependencies: ["TesseraCrypto", "TesseraJSON"]),
        // A Bot API simulator: Telegram's JSON shapes and errors, in memory, for tests and `tessera dev`.
        .target(name: "TelegramSimulator", dependencies: ["Telegram", "HTTP", "TesseraJSON", "TesseraCrypto", "TesseraLog"]),
        .target(
            name: "Tenancy",
            dependencies: ["Blueprint", "Telegram", "Postgres", "TesseraCrypto", "TesseraJSON", "TesseraLog"]
        ),
        // The shared kernel: calls and endpoints, authentication, error rendering, the area
        // contract and hooks, the bot's update intake and payments seam, the durable job runner.
        .target(name: "Kernel", dependencies: kernelDependencies),

        // MARK: Business areas — one target each; they depend on the kernel, never on each other.
        .target(name: "News", dependencies: areaDependencies),
        .target(name: "Events", dependencies: areaDependencies),
        .target(name: "Shop", dependencies: areaDependencies),
        .target(name: "Payments", dependencies: areaDependencies),
        .target(name: "GameFi", dependencies: areaDependencies),
        .target(name: "Ratings", dependencies: areaDependencies),
        .target(name: "Staff", dependencies: areaDependencies),
        .target(name: "People", dependencies: areaDependencies),
        // Also the navigation-event intake, which the composition root runs itself.
        .target(name: "Analytics", dependencies: areaDependencies),
        .target(name: "Dialogs", dependencies: areaDependencies),

        // MARK: Composition root: the areas' registration, the end-user API, the mini app.
        .target(
            name: "AppAPI",
            dependencies: areas + ["Kernel"] + kernelDependencies,
            resources: [.copy("Web"), .copy("Office"), .copy("Media")]
        ),

        // MARK: Executable
        .executableTarget(
            name: "tessera",
            dependencies: [
                "AppAPI", "Kernel", "Staff", "Tenancy", "Blueprint", "Telegram", "TelegramSimulator", "HTTP", "Postgres", "TesseraJSON",
                "TesseraLog",
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
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics", "Kernel", "Postgres", "TesseraTestSupport"]),
        .testTarget(name: "GameFiTests", dependencies: ["GameFi", "Ratings", "Kernel", "Blueprint", "Postgres", "Telegram", "TesseraTestSupport"]),
        .testTarget(
            name: "TenancyTests",
            dependencies: [
                "Tenancy", "TesseraTestSupport", "Postgres", "Blueprint", "TesseraCrypto", "Telegram", "TelegramSimulator",
            ]
        ),
        .testTarget(
            name: "KernelTests", dependencies: ["Kernel", "Blueprint", "Postgres", "Tenancy", "TesseraJSON", "TesseraTestSupport"]),
        .testTarget(name: "NewsTests", dependencies: ["News", "Kernel", "Tenancy", "TesseraJSON"]),
        .testTarget(name: "ShopTests", dependencies: ["Shop", "Kernel", "Tenancy", "TesseraJSON"]),
        .testTarget(name: "RatingsTests", dependencies: ["Ratings", "Kernel"]),
        .testTarget(name: "DialogsTests", dependencies: ["Dialogs", "Kernel", "Telegram"]),
        .testTarget(
            name: "StaffTests",
            dependencies: ["Staff", "Kernel", "Tenancy", "TesseraTestSupport", "Postgres", "TesseraCrypto", "TesseraJSON"]
        ),
        .testTarget(name: "PeopleTests", dependencies: ["People", "Kernel", "Blueprint", "HTTP", "Postgres", "TesseraJSON"]),
        .testTarget(
            name: "AppAPITests",
            dependencies: [
                "AppAPI", "Kernel", "News", "Events", "Shop", "Payments", "GameFi", "Ratings", "Staff", "People", "Dialogs", "Tenancy", "HTTP", "Telegram", "TelegramSimulator", "TesseraTestSupport",
                "Postgres", "TesseraJSON", "Blueprint", "TesseraCrypto", "CTesseraSystem",
            ]
        ),
        .testTarget(name: "CLITests", dependencies: ["TesseraTestSupport", "TelegramSimulator", "Telegram", "TesseraLog", "Postgres", "TesseraCrypto"]),
    ]
)
