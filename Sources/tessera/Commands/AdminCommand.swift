import Foundation
import Kernel
import Postgres
import Staff
import Tenancy
import TesseraJSON

/// `tessera admin token create|list|revoke`: staff API tokens for the admin API.
enum AdminCommand {
    static func run(_ argv: [String]) throws(CLIError) {
        guard let area = argv.first, !area.hasPrefix("-") else {
            Output.line(HelpText.admin)
            if argv.contains("--help") || argv.contains("-h") { return }
            throw .usage("missing subcommand")
        }
        guard area == "token" else { throw .usage("unknown admin subcommand \"\(area)\" (expected token)") }
        let rest = Array(argv.dropFirst())
        guard let sub = rest.first, !sub.hasPrefix("-") else {
            Output.line(HelpText.admin)
            if rest.contains("--help") || rest.contains("-h") { return }
            throw .usage("missing token subcommand (expected create, list, revoke)")
        }
        let args = Array(rest.dropFirst())
        switch sub {
        case "create": try create(args)
        case "list": try list(args)
        case "revoke": try revoke(args)
        default: throw .usage("unknown token subcommand \"\(sub)\" (expected create, list, revoke)")
        }
    }

    static func tenant(_ args: Arguments, _ platform: Platform) throws(CLIError) -> TenantRecord {
        guard let raw = args.options["tenant"] else { throw .usage("missing --tenant SLUG") }
        let slug: TenantSlug
        do { slug = try TenantSlug(raw) } catch { throw .usage(error.description) }
        return try platform.attempt { try platform.pool.withConnection { try TenantCatalog().require(slug, $0) } }
    }

    static func create(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: ["tenant", "role", "name"])
        if args.help { return Output.line(HelpText.subcommand("admin token", "create")) }
        try args.expectPositionals(0)
        guard let rawRole = args.options["role"] else { throw .usage("missing --role owner|manager|support|analyst") }
        guard let role = StaffRole(rawValue: rawRole) else { throw .usage("invalid --role \"\(rawRole)\" (expected owner, manager, support or analyst)") }
        let name = args.options["name"] ?? ""
        guard name.count <= 100 else { throw .usage("--name must be at most 100 characters") }
        let platform = try Platform.open()
        let record = try tenant(args, platform)
        let (token, stored) = try platform.attempt {
            try platform.pool.withConnection { try StaffTokenStore().create(tenantID: record.id, role: role, name: name, $0) }
        }
        if args.json {
            guard case .object(var o) = summary(stored, slug: record.slug.rawValue) else { return }
            o["token"] = .string(token.value)
            return Output.json(.object(o))
        }
        Output.line("created \(role.rawValue) token \(stored.id) for \(record.slug)")
        Output.line(token.value)
        Output.line("Store it now: it is shown only once (Tessera keeps only its SHA-256).")
    }

    static func list(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: ["tenant"])
        if args.help { return Output.line(HelpText.subcommand("admin token", "list")) }
        try args.expectPositionals(0)
        let platform = try Platform.open()
        let record = try tenant(args, platform)
        let tokens = try platform.attempt { try platform.pool.withConnection { try StaffTokenStore().list(tenantID: record.id, $0) } }
        if args.json { return Output.json(["tokens": .array(tokens.map { summary($0, slug: record.slug.rawValue) })]) }
        if tokens.isEmpty { return Output.line("no tokens for \(record.slug) (create one with `tessera admin token create`)") }
        let formatter = ISO8601DateFormatter()
        Output.table(
            ["ID", "ROLE", "NAME", "CREATED", "LAST USED", "REVOKED"],
            tokens.map {
                [
                    String($0.id), $0.role.rawValue, $0.name.isEmpty ? "-" : $0.name, formatter.string(from: $0.createdAt),
                    $0.lastUsedAt.map(formatter.string(from:)) ?? "-", $0.revokedAt.map(formatter.string(from:)) ?? "-",
                ]
            })
    }

    static func revoke(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: ["tenant"])
        if args.help { return Output.line(HelpText.subcommand("admin token", "revoke")) }
        let raw = try args.positional(0, "TOKEN_ID")
        try args.expectPositionals(1)
        guard let id = Int64(raw), id > 0 else { throw .usage("TOKEN_ID must be a token id from `tessera admin token list`") }
        let platform = try Platform.open()
        let record = try tenant(args, platform)
        let revoked = try platform.attempt {
            try platform.pool.withConnection { try StaffTokenStore().revoke(id: id, tenantID: record.id, $0) }
        }
        guard revoked else { throw .failure("\(record.slug) has no active token \(id)") }
        if args.json { return Output.json(["tenant": .string(record.slug.rawValue), "id": .int(id), "revoked": true]) }
        Output.line("\(record.slug): token \(id) revoked")
    }

    static func summary(_ record: StaffTokenStore.Record, slug: String) -> JSONValue {
        let formatter = ISO8601DateFormatter()
        return [
            "id": .int(record.id), "tenant": .string(slug), "role": .string(record.role.rawValue), "name": .string(record.name),
            "created_at": .string(formatter.string(from: record.createdAt)),
            "last_used_at": record.lastUsedAt.map { .string(formatter.string(from: $0)) } ?? .null,
            "revoked_at": record.revokedAt.map { .string(formatter.string(from: $0)) } ?? .null,
        ]
    }
}
