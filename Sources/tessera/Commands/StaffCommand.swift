import Blueprint
import Foundation
import Kernel
import Postgres
import Staff
import Tenancy
import TesseraJSON

/// `tessera staff invite|list|remove|set-role|reset-link`: back-office staff accounts.
enum StaffCommand {
    static let subcommands = ["invite", "list", "remove", "set-role", "reset-link"]

    static func run(_ argv: [String]) throws(CLIError) {
        guard let sub = argv.first, !sub.hasPrefix("-") else {
            Output.line(HelpText.staff)
            if argv.contains("--help") || argv.contains("-h") { return }
            throw .usage("missing subcommand")
        }
        let rest = Array(argv.dropFirst())
        switch sub {
        case "invite": try invite(rest)
        case "list": try list(rest)
        case "remove": try remove(rest)
        case "set-role": try setRole(rest)
        case "reset-link": try resetLink(rest)
        default:
            let hint = Suggestion.closest(to: sub, among: subcommands).map { " (did you mean \"\($0)\"?)" } ?? ""
            throw .usage("unknown staff subcommand \"\(sub)\"\(hint); expected \(subcommands.joined(separator: ", "))")
        }
    }

    static func invite(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: ["tenant", "role", "name", "email", "expires"])
        if args.help { return Output.line(HelpText.staffSubcommands["invite"]!) }
        try args.expectPositionals(0)
        let role = try role(args.options["role"], "--role")
        let email: EmailAddress?
        do { email = try args.options["email"].map { try EmailAddress($0) } } catch {
            throw .usage("--email: \(error)")
        }
        let name = args.options["name"] ?? ""
        guard name.count <= 100 else { throw .usage("--name must be at most 100 characters") }
        let lifetime = try duration(args.options["expires"], default: StaffLinkKind.invitation.defaultLifetime)
        let configuration = Configuration()
        let base = try publicBase(configuration)
        let platform = try Platform.open(configuration)
        let record = try tenant(args, platform)
        let (token, link) = try platform.attempt {
            try platform.pool.withConnection {
                try StaffLinkStore().createInvitation(
                    tenantID: record.id, role: role, email: email, displayName: name, lifetime: lifetime, now: Date(),
                    $0)
            }
        }
        let url = base + StaffLinkKind.invitation.pathPrefix + token.value
        if args.json {
            return Output.json([
                "id": .int(link.id), "tenant": .string(record.slug.rawValue), "role": .string(role.rawValue),
                "email": email.map { .string($0.value) } ?? .null, "name": .string(link.displayName),
                "link": .string(url),
                "expires_at": .string(iso(link.expiresAt)),
            ])
        }
        Output.line("invitation to \(record.slug) as \(role.rawValue)" + (email.map { " for \($0)" } ?? ""))
        Output.line(url)
        Output.line("It works once, until \(iso(link.expiresAt)). Tessera keeps only its SHA-256: send it now.")
    }

    static func list(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: ["tenant"])
        if args.help { return Output.line(HelpText.staffSubcommands["list"]!) }
        try args.expectPositionals(0)
        let platform = try Platform.open()
        let record = args.options["tenant"] == nil ? nil : try tenant(args, platform)
        let (members, invitations, slugs) = try platform.attempt {
            try platform.pool.withConnection { conn in
                let slugs = Dictionary(
                    uniqueKeysWithValues: try TenantCatalog().all(conn).map { ($0.id, $0.slug.rawValue) })
                return (
                    try StaffDirectory().members(tenantID: record?.id, conn),
                    try StaffLinkStore().pendingInvitations(tenantID: record?.id, now: Date(), conn), slugs
                )
            }
        }
        if args.json {
            return Output.json([
                "staff": .array(
                    members.map { person, membership in
                        [
                            "id": .int(person.id), "email": .string(person.email), "name": .string(person.displayName),
                            "tenant": .string(membership.tenantSlug), "role": .string(membership.role.rawValue),
                            "has_password": .bool(person.hasPassword), "locale": .string(person.locale.rawValue),
                            "telegram_user_id": person.telegramUserID.map { .int($0) } ?? .null,
                            "disabled": .bool(person.disabled),
                        ]
                    }),
                "invitations": .array(
                    invitations.map { link in
                        [
                            "id": .int(link.id), "tenant": .string(link.tenantID.flatMap { slugs[$0] } ?? ""),
                            "role": .string(link.role?.rawValue ?? ""),
                            "person_id": link.personID.map { .int($0) } ?? .null,
                            "name": .string(link.displayName), "created_at": .string(iso(link.createdAt)),
                            "expires_at": .string(iso(link.expiresAt)),
                        ]
                    }),
            ])
        }
        if members.isEmpty && invitations.isEmpty {
            return Output.line(
                "no staff" + (record.map { " for \($0.slug)" } ?? "") + " (invite someone with `tessera staff invite`)")
        }
        if !members.isEmpty {
            Output.table(
                ["TENANT", "ROLE", "ID", "EMAIL", "NAME", "STATUS"],
                members.map { person, membership in
                    let status = person.disabled ? "disabled" : person.hasPassword ? "active" : "invited"
                    return [
                        membership.tenantSlug, membership.role.rawValue, String(person.id), person.email,
                        person.displayName.isEmpty ? "-" : person.displayName, status,
                    ]
                })
        }
        if !invitations.isEmpty {
            if !members.isEmpty { Output.line("") }
            Output.line("pending invitations:")
            Output.table(
                ["TENANT", "ROLE", "LINK ID", "EXPIRES"],
                invitations.map {
                    [
                        $0.tenantID.flatMap { slugs[$0] } ?? "-", $0.role?.rawValue ?? "-", String($0.id),
                        iso($0.expiresAt),
                    ]
                })
        }
    }

    static func remove(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: ["tenant"])
        if args.help { return Output.line(HelpText.staffSubcommands["remove"]!) }
        let reference = try args.positional(0, "EMAIL_OR_ID")
        try args.expectPositionals(1)
        let platform = try Platform.open()
        let record = try tenant(args, platform)
        let person = try platform.attempt {
            try platform.pool.withConnection { conn in
                let person = try StaffDirectory().person(reference: reference, conn)
                try StaffDirectory().removeMember(personID: person.id, tenant: record, conn)
                return person
            }
        }
        if args.json {
            return Output.json(["tenant": .string(record.slug.rawValue), "id": .int(person.id), "removed": true])
        }
        Output.line("\(record.slug): \(person.email) is no longer staff")
    }

    static func setRole(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json"], options: ["tenant"])
        if args.help { return Output.line(HelpText.staffSubcommands["set-role"]!) }
        let reference = try args.positional(0, "EMAIL_OR_ID")
        let role = try role(
            try args.positional(1, "ROLE (\(StaffRole.allCases.map(\.rawValue).joined(separator: ", ")))"), "ROLE")
        try args.expectPositionals(2)
        let platform = try Platform.open()
        let record = try tenant(args, platform)
        let person = try platform.attempt {
            try platform.pool.withConnection { conn in
                let person = try StaffDirectory().person(reference: reference, conn)
                try StaffDirectory().setRole(role, personID: person.id, tenant: record, conn)
                return person
            }
        }
        if args.json {
            return Output.json([
                "tenant": .string(record.slug.rawValue), "id": .int(person.id), "role": .string(role.rawValue),
            ])
        }
        Output.line("\(record.slug): \(person.email) is now \(role.rawValue)")
    }

    static func resetLink(_ argv: [String]) throws(CLIError) {
        let args = try Arguments(argv, flags: ["json", "no-print"], options: ["expires"])
        if args.help { return Output.line(HelpText.staffSubcommands["reset-link"]!) }
        let reference = try args.positional(0, "EMAIL_OR_ID")
        try args.expectPositionals(1)
        let print = !args.flags.contains("no-print")
        let lifetime = try duration(args.options["expires"], default: StaffLinkKind.passwordReset.defaultLifetime)
        let configuration = Configuration()
        let base = try publicBase(configuration)
        let platform = try Platform.open(configuration)
        let (person, printed, bot) = try platform.attempt {
            try platform.pool.transaction { conn in
                let person = try StaffDirectory().person(reference: reference, conn)
                // A link in a Telegram message must be absolute: without TESSERA_PUBLIC_URL only print.
                let bot =
                    base.isEmpty
                    ? nil : try BotLinkJob(.passwordReset).enqueue(person: person, lifetime: lifetime, now: Date(), conn)
                let printed =
                    print
                    ? try StaffLinkStore().createPasswordReset(personID: person.id, lifetime: lifetime, now: Date(), conn)
                    : nil
                return (person, printed, bot)
            }
        }
        if !print && bot == nil {
            throw .failure(
                "--no-print: the bot cannot send \(person.email) a link ("
                    + (base.isEmpty
                        ? "TESSERA_PUBLIC_URL is unset" : "no linked Telegram account, or staff of no active tenant")
                    + "); no link was made — run without --no-print to print one")
        }
        let url = printed.map { base + StaffLinkKind.passwordReset.pathPrefix + $0.0.value }
        if args.json {
            return Output.json([
                "id": printed.map { .int($0.1.id) } ?? .null, "person_id": .int(person.id),
                "email": .string(person.email), "link": url.map(JSONValue.string) ?? .null,
                "expires_at": printed.map { .string(iso($0.1.expiresAt)) } ?? .null,
                "sent_by_bot": .bool(bot != nil), "bot_tenant": bot.map { .string($0.tenant) } ?? .null,
                "job_id": bot.map { .int($0.jobID) } ?? .null,
            ])
        }
        Output.line("password reset for \(person.email)")
        if let url, let printed {
            Output.line(url)
            Output.line("It works once, until \(iso(printed.1.expiresAt)); using it signs \(person.email) out everywhere.")
        }
        if let bot {
            Output.line(
                "\(bot.tenant)'s bot sends \(person.email) their own reset link on Telegram (job \(bot.jobID)); "
                    + "whichever link is used first withdraws the other.")
        }
    }

    // MARK: Helpers

    static func tenant(_ args: Arguments, _ platform: Platform) throws(CLIError) -> TenantRecord {
        try AdminCommand.tenant(args, platform)
    }

    /// A role by name, or a usage error listing the roles (with a did-you-mean for a typo).
    static func role(_ raw: String?, _ what: String) throws(CLIError) -> StaffRole {
        let names = StaffRole.allCases.map(\.rawValue).joined(separator: ", ")
        guard let raw else { throw .usage("missing \(what) (\(names))") }
        if let role = StaffRole(rawValue: raw) { return role }
        let hint =
            Suggestion.closest(to: raw, among: StaffRole.allCases.map(\.rawValue)).map { " (did you mean \"\($0)\"?)" }
            ?? ""
        throw .usage("invalid \(what) \"\(raw)\"\(hint); expected one of \(names)")
    }

    /// `30m`, `72h`, `7d`: from one minute to 30 days.
    static func duration(_ raw: String?, default value: TimeInterval) throws(CLIError) -> TimeInterval {
        guard let raw else { return value }
        let units: [Character: TimeInterval] = ["m": 60, "h": 3600, "d": 86_400]
        guard let unit = raw.last.flatMap({ units[$0] }), let count = Int(raw.dropLast()), count > 0 else {
            throw .usage("--expires \"\(raw)\": expected a number with m, h or d, e.g. 30m, 72h, 7d")
        }
        let seconds = TimeInterval(count) * unit
        guard seconds <= StaffLinkStore.maximumLifetime else { throw .usage("--expires \"\(raw)\": at most 30d") }
        return seconds
    }

    /// `TESSERA_PUBLIC_URL` without a trailing slash, or "" (links are then relative paths).
    static func publicBase(_ configuration: Configuration) throws(CLIError) -> String {
        guard var url = try configuration.publicURL() else { return "" }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}

extension HelpText {
    static let staff = """
        USAGE: tessera staff <subcommand>

        SUBCOMMANDS:
          invite --tenant SLUG --role ROLE [--name N] [--email E] [--expires 72h] [--json]
                                       Print a one-time invitation link to the tenant's back office
          list [--tenant SLUG] [--json]
                                       List staff (every tenant's unless --tenant) and pending invitations
          remove --tenant SLUG EMAIL_OR_ID [--json]
                                       Take a person off the tenant's staff
          set-role --tenant SLUG EMAIL_OR_ID ROLE [--json]
                                       Change a person's role in the tenant
          reset-link EMAIL_OR_ID [--expires 1h] [--no-print] [--json]
                                       Print a one-time password reset link (and have the bot send one)

        ROLES: owner (everything), manager (change everything but money, deletions and staff),
        support (participants and dialogs), analyst (read only). A tenant always keeps one owner.
        Links are <TESSERA_PUBLIC_URL>/office/…/<token>, or a path when TESSERA_PUBLIC_URL is unset;
        Tessera stores only their SHA-256. Reset links also go out through a tenant's bot to a person
        who linked their Telegram account in the back office.
        """

    static let staffSubcommands: [String: String] = [
        "invite": """
        USAGE: tessera staff invite --tenant SLUG --role ROLE [--name N] [--email E] [--expires 72h] [--json]

        Prints a one-time link <TESSERA_PUBLIC_URL>/office/invite/<token> (a relative path when
        TESSERA_PUBLIC_URL is unset) and when it expires (default 72h; m, h or d, at most 30d).
        Whoever opens it chooses a name and password (and an email, unless --email named one) and
        joins the tenant's staff as ROLE: owner, manager, support or analyst. An email that already
        has an account must enter its password. The link works once; only its SHA-256 is stored.
        """,
        "list": """
        USAGE: tessera staff list [--tenant SLUG] [--json]

        Lists staff: tenant, role, id, email, name and status (active, invited: no password yet,
        disabled), then the unused invitations that have not expired.
        """,
        "remove": """
        USAGE: tessera staff remove --tenant SLUG EMAIL_OR_ID [--json]

        Takes the person (an email or an id from `tessera staff list`) off the tenant's staff; their
        account and other tenants stay. The tenant's last owner cannot be removed.
        """,
        "set-role": """
        USAGE: tessera staff set-role --tenant SLUG EMAIL_OR_ID ROLE [--json]

        Sets the person's role in the tenant: owner, manager, support or analyst. The tenant's last
        owner cannot be demoted (make someone else owner first); two demotions at once cannot both win.
        """,
        "reset-link": """
        USAGE: tessera staff reset-link EMAIL_OR_ID [--expires 1h] [--no-print] [--json]

        Prints a one-time link <TESSERA_PUBLIC_URL>/office/reset/<token> that sets a new password
        (default lifetime 1h, at most 30d). Using it signs the person out of every session and
        withdraws their other reset links.

        When the person linked their Telegram account (back office: profile → Link Telegram) and
        TESSERA_PUBLIC_URL is set, a job also has the bot of their first active tenant send them a
        link of their own; the server's job runner sends it within seconds. Its token exists only in
        that message. --no-print makes only that link (nothing is printed, so nobody but the person
        sees one); it fails when the bot cannot send it. --json tells sent_by_bot (queued for the
        bot), bot_tenant and job_id, and link null with --no-print.
        """,
    ]
}
