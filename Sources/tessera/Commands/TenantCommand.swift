import Blueprint
import Foundation
import Postgres
import Tenancy
import TesseraJSON

/// `tessera tenant create|apply|list|show|suspend|resume|rollback|delete|webhook|seed`.
enum TenantCommand {
    static func run(_ argv: [String]) throws(CLIError) {
        guard let sub = argv.first, !sub.hasPrefix("-") else {
            Output.line(HelpText.tenant)
            if argv.contains("--help") || argv.contains("-h") { return }
            throw .usage("missing subcommand")
        }
        let rest = Array(argv.dropFirst())
        switch sub {
        case "create": try create(rest)
        case "apply": try apply(rest)
        case "list": try list(rest)
        case "show": try show(rest)
        case "suspend": try setStatus(rest, .suspended)
        case "resume": try setStatus(rest, .active)
        case "rollback": try rollback(rest)
        case "delete": try delete(rest)
        case "webhook": try webhook(rest)
        case "seed": try TenantSeedCommand.run(rest)
        default:
            throw .usage(
                "unknown tenant subcommand \"\(sub)\" (expected create, apply, list, show, suspend, resume, rollback, delete, webhook, seed)")
        }
    }

    /// Reads a manifest, its blueprint and the bot token from the environment.
    static func loadManifest(_ file: String, requireToken: Bool, environment: [String: String])
        throws(CLIError) -> (TenantManifest, Blueprint, BotToken?)
    {
        let manifest: TenantManifest
        do { manifest = try TenantManifest.load(file: file) } catch { throw .data(error.description) }
        guard let data = FileManager.default.contents(atPath: manifest.blueprintPath) else {
            throw .data("\(file): blueprint file \(manifest.blueprintPath) cannot be read")
        }
        let blueprint: Blueprint
        switch BlueprintLoader.load(Array(data), file: manifest.blueprintPath) {
        case .success(let b): blueprint = b
        case .failure(let diagnostics):
            throw .data(diagnostics.diagnostics.map(\.description).joined(separator: "\n"))
        }
        var token: BotToken?
        if let raw = environment[manifest.tokenEnv], !raw.isEmpty {
            guard let t = BotToken(raw) else { throw .config(TenancyError.invalidBotToken(envVar: manifest.tokenEnv).description) }
            token = t
        } else if requireToken {
            throw .config(TenancyError.missingBotToken(envVar: manifest.tokenEnv).description)
        }
        return (manifest, blueprint, token)
    }

    static func create(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: [])
        if args.help { return Output.line(HelpText.subcommand("tenant", "create")) }
        let file = try args.positional(0, "MANIFEST (a tenants/<slug>.json file)")
        try args.expectPositionals(1)
        let configuration = Configuration()
        let (manifest, blueprint, token) = try loadManifest(file, requireToken: true, environment: configuration.environment)
        let platform = try Platform.open(configuration)
        let provisioner = try platform.provisioner()
        let record = try platform.attempt { try provisioner.create(manifest, botToken: token!, blueprint: blueprint) }
        let webhook = try WebhookRegistration.registerIfConfigured(platform, record.slug)
        let profile = try BotProfileQueueing.enqueue(platform, record.slug)
        if args.json {
            guard case .object(var o) = summary(record) else { return }
            o["webhook"] = webhook.json
            o["bot_profile"] = BotProfileQueueing.json(profile)
            Output.json(.object(o))
        } else {
            Output.line("created tenant \(record.slug) (schema \(record.schema.raw), blueprint version 1)")
            WebhookRegistration.report(webhook, record.slug)
            BotProfileQueueing.report(profile, record.slug)
        }
    }

    static func apply(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json", "dry-run"], options: [])
        if args.help { return Output.line(HelpText.subcommand("tenant", "apply")) }
        let file = try args.positional(0, "MANIFEST")
        try args.expectPositionals(1)
        let configuration = Configuration()
        let (manifest, blueprint, token) = try loadManifest(file, requireToken: false, environment: configuration.environment)
        let platform = try Platform.open(configuration)
        let provisioner = try platform.provisioner()
        let dryRun = args.flags.contains("dry-run")
        let outcome = try platform.attempt { try provisioner.apply(manifest, botToken: token, blueprint: blueprint, dryRun: dryRun) }
        var webhook = WebhookRegistration.Outcome.notConfigured
        if outcome.botChanged, !dryRun {
            // The old bot first: it must stop delivering before the new one is pointed here.
            if let previous = outcome.previousToken {
                try WebhookRegistration.retireIfConfigured(platform, previous, manifest.slug)
            }
            webhook = try WebhookRegistration.registerIfConfigured(platform, manifest.slug)
        }
        // Unchanged texts cost no Bot API call: the job compares with what was pushed.
        let profile = dryRun ? nil : try BotProfileQueueing.enqueue(platform, manifest.slug)
        if args.json {
            var o: JSONObject = ["tenant": .string(manifest.slug.rawValue), "dry_run": .bool(dryRun), "changed": .bool(outcome.changed)]
            o["diff"] = .array(outcome.diff.map { .string($0) })
            o["previous_version"] = outcome.previousVersion.map { .int($0) } ?? .null
            o["new_version"] = outcome.newVersion.map { .int($0) } ?? .null
            o["title_changed"] = .bool(outcome.titleChanged)
            o["bot_changed"] = .bool(outcome.botChanged)
            o["webhook"] = webhook.json
            o["bot_profile"] = BotProfileQueueing.json(profile)
            return Output.json(.object(o))
        }
        defer {
            WebhookRegistration.report(webhook, manifest.slug)
            BotProfileQueueing.report(profile, manifest.slug)
        }
        for line in outcome.diff { Output.line(line) }
        if outcome.titleChanged { Output.line("~ title → \(manifest.title)") }
        if outcome.botChanged { Output.line("~ bot (username or token) changed") }
        if !outcome.changed {
            Output.line("\(manifest.slug): no changes (live version \(outcome.previousVersion ?? 0))")
        } else if dryRun {
            Output.line("\(manifest.slug): dry run, nothing stored")
        } else if let v = outcome.newVersion {
            Output.line("\(manifest.slug): version \(v) is live (was \(outcome.previousVersion ?? 0))")
        } else {
            Output.line("\(manifest.slug): updated")
        }
    }

    static func summary(_ record: TenantRecord) -> JSONValue {
        [
            "slug": .string(record.slug.rawValue), "title": .string(record.title), "status": .string(record.status.rawValue),
            "schema": .string(record.schema.raw), "database": .string(record.databaseKey),
            "schema_version": .int(record.schemaVersion), "live_version": record.liveVersion.map { .int($0) } ?? .null,
            "bot_username": .string(record.botUsername),
            "created_at": .string(ISO8601DateFormatter().string(from: record.createdAt)),
            "updated_at": .string(ISO8601DateFormatter().string(from: record.updatedAt)),
        ]
    }

    static func list(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: [])
        if args.help { return Output.line(HelpText.subcommand("tenant", "list")) }
        try args.expectPositionals(0)
        let platform = try Platform.open()
        let records = try platform.attempt { try platform.pool.withConnection { try TenantCatalog().all($0) } }
        if args.json { return Output.json(["tenants": .array(records.map(summary))]) }
        if records.isEmpty { return Output.line("no tenants (create one with `tessera tenant create tenants/<slug>.json`)") }
        Output.table(
            ["SLUG", "STATUS", "VERSION", "SCHEMA", "BOT", "TITLE"],
            records.map { [$0.slug.rawValue, $0.status.rawValue, $0.liveVersion.map(String.init) ?? "-", $0.schema.raw, "@" + $0.botUsername, $0.title] })
    }

    static func slug(_ args: Arguments) throws(CLIError) -> TenantSlug {
        let raw = try args.positional(0, "SLUG")
        try args.expectPositionals(1)
        do { return try TenantSlug(raw) } catch { throw .usage(error.description) }
    }

    static func show(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: [])
        if args.help { return Output.line(HelpText.subcommand("tenant", "show")) }
        let slug = try slug(args)
        let platform = try Platform.open()
        let (record, versions) = try platform.attempt {
            try platform.pool.withConnection { conn in
                let record = try TenantCatalog().require(slug, conn)
                return (record, try TenantCatalog().versions(of: record.id, conn))
            }
        }
        let formatter = ISO8601DateFormatter()
        if args.json {
            guard case .object(var o) = summary(record) else { return }
            o["versions"] = .array(versions.map { v in
                ["version": .int(v.version), "checksum": .string(v.checksum), "source": v.source.map { .string($0) } ?? .null,
                 "created_at": .string(formatter.string(from: v.createdAt)), "live": .bool(v.version == record.liveVersion)]
            })
            return Output.json(.object(o))
        }
        Output.line("slug:           \(record.slug)")
        Output.line("title:          \(record.title)")
        Output.line("status:         \(record.status.rawValue)")
        Output.line("bot:            @\(record.botUsername) (token stored encrypted)")
        Output.line("schema:         \(record.schema.raw) on database \(record.databaseKey), schema version \(record.schemaVersion)")
        Output.line("live version:   \(record.liveVersion.map(String.init) ?? "-")")
        Output.line("versions:")
        for v in versions {
            let live = v.version == record.liveVersion ? "  (live)" : ""
            Output.line("  \(v.version)  \(formatter.string(from: v.createdAt))  \(v.checksum.prefix(12))  \(v.source ?? "")\(live)")
        }
    }

    static func setStatus(_ argv: [String], _ status: TenantRecord.Status) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: [])
        if args.help { return Output.line(HelpText.subcommand("tenant", status == .active ? "resume" : "suspend")) }
        let slug = try slug(args)
        let platform = try Platform.open()
        let provisioner = try platform.provisioner()
        try platform.attempt { try provisioner.setStatus(slug, status) }
        if args.json { return Output.json(["tenant": .string(slug.rawValue), "status": .string(status.rawValue)]) }
        Output.line("\(slug): \(status == .active ? "resumed" : "suspended")")
    }

    static func rollback(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: ["to"])
        if args.help { return Output.line(HelpText.subcommand("tenant", "rollback")) }
        let slug = try slug(args)
        guard let raw = args.options["to"] else { throw .usage("missing --to VERSION") }
        guard let version = Int64(raw), version >= 1 else { throw .usage("--to must be a version number ≥ 1") }
        let platform = try Platform.open()
        let provisioner = try platform.provisioner()
        let result = try platform.attempt { try provisioner.rollback(slug, to: version) }
        let profile = try BotProfileQueueing.enqueue(platform, slug)
        if args.json {
            return Output.json([
                "tenant": .string(slug.rawValue), "from": result.from.map { .int($0) } ?? .null, "to": .int(result.to),
                "bot_profile": BotProfileQueueing.json(profile),
            ])
        }
        Output.line("\(slug): version \(result.to) is live (was \(result.from.map(String.init) ?? "-"))")
        BotProfileQueueing.report(profile, slug)
    }

    static func webhook(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: [])
        if args.help { return Output.line(HelpText.subcommand("tenant", "webhook")) }
        let slug = try slug(args)
        let platform = try Platform.open()
        _ = try platform.attempt { try platform.pool.withConnection { try TenantCatalog().require(slug, $0) } }
        let outcome = try WebhookRegistration.registerIfConfigured(platform, slug)
        let profile: Int64? = if case .registered = outcome { try BotProfileQueueing.enqueue(platform, slug) } else { nil }
        if args.json {
            return Output.json([
                "tenant": .string(slug.rawValue), "webhook": outcome.json, "bot_profile": BotProfileQueueing.json(profile),
            ])
        }
        switch outcome {
        case .notConfigured: throw .config("TESSERA_PUBLIC_URL is not set: Telegram needs to know where to reach this server")
        case .registered:
            WebhookRegistration.report(outcome, slug)
            BotProfileQueueing.report(profile, slug)
        case .failed(let message): throw .failure("\(slug): webhook not registered: \(message)")
        }
    }

    static func delete(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["yes", "json"], options: [])
        if args.help { return Output.line(HelpText.subcommand("tenant", "delete")) }
        let slug = try slug(args)
        guard args.flags.contains("yes") else {
            throw .usage("deleting \(slug) removes all its data; repeat with --yes to confirm")
        }
        let platform = try Platform.open()
        let provisioner = try platform.provisioner()
        try platform.attempt { try provisioner.delete(slug) }
        if args.json { return Output.json(["tenant": .string(slug.rawValue), "deleted": true]) }
        Output.line("\(slug): deleted")
    }
}
