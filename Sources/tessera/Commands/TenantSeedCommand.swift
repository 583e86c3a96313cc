import AppAPI
import Foundation
import Kernel
import Tenancy

/// `tessera tenant seed --tenant SLUG [--file PATH] [--json]`: fills a tenant with its demo
/// content (tenants/demo/<slug>.json by default); seeding again adds nothing.
enum TenantSeedCommand {
    static func run(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: ["tenant", "file"])
        if args.help { return Output.line(HelpText.subcommand("tenant", "seed")) }
        try args.expectPositionals(0)
        guard let raw = args.options["tenant"] else { throw .usage("missing --tenant SLUG") }
        let slug: TenantSlug
        do { slug = try TenantSlug(raw) } catch { throw .usage(error.description) }
        let path = args.options["file"] ?? defaultFile(slug.rawValue, tenantsDirectory: "tenants")
        let file = try load(path, slug: slug)
        let platform = try Platform.open()
        let report = try seed(platform, file) { line in if !args.json { Output.line("\(slug): " + line) } }
        if args.json { return Output.json(report.json) }
        Output.line("\(slug): \(summary(report))")
    }

    static func defaultFile(_ slug: String, tenantsDirectory: String) -> String {
        tenantsDirectory + "/demo/" + slug + ".json"
    }

    /// Reads and checks a demo file: 66 when it cannot be read, 65 when it is not a demo of `slug`.
    static func load(_ path: String, slug: TenantSlug) throws(CLIError) -> DemoFile {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw CLIError(code: .noInput, message: "\(path): the demo file cannot be read")
        }
        let file: DemoFile
        do { file = try DemoFile.load(path: path) } catch { throw .data(error.description) }
        guard file.tenant == slug.rawValue else {
            throw .data("\(path): /tenant: the file is the demo of \"\(file.tenant)\", not of \"\(slug)\"")
        }
        return file
    }

    /// Seeds `file` (one transaction); a bad item is a data error naming the file and pointer.
    static func seed(_ platform: Platform, _ file: DemoFile, progress: (String) -> Void) throws(CLIError) -> DemoSeeder.Report {
        try platform.attempt {
            do {
                return try DemoSeeder(pool: platform.pool).seed(file, progress: progress)
            } catch let error as DemoError {
                throw CLIError.data(error.description)
            } catch TenancyError.tenantNotFound(let slug) {
                throw CLIError.failure("no tenant \"\(slug)\" (create it with `tessera tenant create tenants/\(slug).json`)")
            }
        }
    }

    static func summary(_ report: DemoSeeder.Report) -> String {
        let kinds = report.total.keys.sorted()
        let added = report.added.values.reduce(0, +)
        let totals = kinds.map { "\(report.total[$0] ?? 0) \($0)" }.joined(separator: ", ")
        return added == 0 ? "demo content already there (\(totals))" : "\(added) demo items added (now \(totals))"
    }
}
