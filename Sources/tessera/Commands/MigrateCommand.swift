import Tenancy
import TesseraJSON

/// `tessera migrate`: the platform schema, then every tenant's schema.
enum MigrateCommand {
    static func run(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: [])
        if args.help { return Output.line(HelpText.migrate) }
        try args.expectPositionals(0)
        let platform = try Platform.open(migrate: false)
        let report = try migrate(platform)
        if args.json {
            Output.json([
                "platform_applied": .array(report.platformApplied.map { .int(Int64($0)) }),
                "tenants": .array(report.tenants.map { t in
                    ["slug": .string(t.slug), "applied": .array(t.applied.map { .int(Int64($0)) }),
                     "error": t.error.map { .string($0) } ?? .null]
                }),
            ])
        } else {
            Output.line("platform: \(report.platformApplied.isEmpty ? "up to date" : "applied \(report.platformApplied.map(String.init).joined(separator: ", "))")")
            let changed = report.tenants.filter { !$0.applied.isEmpty }.count
            Output.line("tenants: \(report.tenants.count) checked, \(changed) migrated, \(report.tenants.filter { $0.error != nil }.count) failed")
            for t in report.tenants where t.error != nil { Output.error("\(t.slug): \(t.error!)") }
        }
        if report.failed { throw .failure("some tenants failed to migrate; fix and rerun `tessera migrate` (it resumes)") }
    }

    static func migrate(_ platform: Platform) throws(CLIError) -> PlatformMigrator.Report {
        let migrator = PlatformMigrator(pool: platform.pool, sources: platform.sources)
        return try platform.attempt {
            try migrator.migrateAll { index, total, outcome in
                let state = outcome.error != nil ? "FAILED" : (outcome.applied.isEmpty ? "up to date" : "applied \(outcome.applied.count)")
                Output.progress("migrating tenants \(index)/\(total): \(outcome.slug) \(state)", done: index == total)
            }
        }
    }
}
