import Foundation
import Postgres
import TesseraCrypto
import TesseraTestSupport
import XCTest

/// `tessera staff`, through the built binary.
final class StaffCommandTests: XCTestCase {
    func cli(publicURL: String? = nil) throws -> CLIRunner {
        var environment = [
            "DATABASE_URL": try TestDatabase.shared.createDatabase(prefix: "clistaff"),
            "TESSERA_MASTER_KEY": String(repeating: "7e", count: 32),
            "TESSERA_BOT_TOKEN_COFFEE_SHOP": TenantCommandTests.token,
        ]
        if let publicURL { environment["TESSERA_PUBLIC_URL"] = publicURL }
        let cli = CLIRunner(environment: environment)
        let created = try cli.run(["tenant", "create", "tenants/coffee-shop.json"])
        XCTAssertEqual(created.status, 0, created.stderr)
        return cli
    }

    /// Makes the invited person's account as accepting the invitation would (the HTTP route comes later).
    func accept(_ cli: CLIRunner, email: String, role: String) throws {
        let db = try PostgresConnection(url: cli.environment["DATABASE_URL"]!)
        try db.execute(
            """
            WITH p AS (INSERT INTO platform.staff_people (email, display_name, password_hash)
                       VALUES (\(email), 'Test', '$scrypt$ln=4,r=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
                       ON CONFLICT ((lower(email))) DO UPDATE SET updated_at = now() RETURNING id)
            INSERT INTO platform.staff_memberships (tenant_id, person_id, role)
            SELECT (SELECT id FROM platform.tenants WHERE slug = 'coffee-shop'), id, \(role) FROM p
            """)
    }

    func test_invite_printsAOneTimeLinkAndItsExpiry_storingOnlyItsHash() throws {
        let cli = try cli(publicURL: "https://office.example.com/")
        let text = try cli.run([
            "staff", "invite", "--tenant", "coffee-shop", "--role", "manager", "--email", "Anna@Example.com", "--name",
            "Anna",
        ])
        XCTAssertEqual(text.status, 0, text.stderr)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "invitation to coffee-shop as manager for Anna@Example.com")
        let link = try XCTUnwrap(lines.first { $0.hasPrefix("https://office.example.com/office/invite/") })
        let token = String(link.dropFirst("https://office.example.com/office/invite/".count))
        XCTAssertEqual(token.count, 43)
        XCTAssertTrue(text.stdout.contains("It works once, until "), text.stdout)

        let json = try cli.run([
            "staff", "invite", "--tenant", "coffee-shop", "--role", "support", "--expires", "30m", "--json",
        ])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(json.json as? [String: Any])
        XCTAssertEqual(object["role"] as? String, "support")
        XCTAssertEqual(object["tenant"] as? String, "coffee-shop")
        XCTAssertTrue(object["email"] is NSNull)
        let expires = try XCTUnwrap(ISO8601DateFormatter().date(from: try XCTUnwrap(object["expires_at"] as? String)))
        XCTAssertEqual(expires.timeIntervalSinceNow, 1800, accuracy: 120)

        let db = try PostgresConnection(url: cli.environment["DATABASE_URL"]!)
        let hashes = try db.query("SELECT token_hash FROM platform.staff_links ORDER BY id").map {
            try $0.decode(String.self, 0)
        }
        XCTAssertEqual(hashes.first, Hex.encode(SHA256.hash(Array(token.utf8))))
        XCTAssertEqual(
            try db.query("SELECT email FROM platform.staff_people").map { try $0.decode(String.self, 0) },
            ["Anna@Example.com"])

        // Without TESSERA_PUBLIC_URL the link is a path.
        var relative = cli
        relative.environment["TESSERA_PUBLIC_URL"] = nil
        let path = try relative.run(["staff", "invite", "--tenant", "coffee-shop", "--role", "analyst", "--json"])
        XCTAssertTrue(
            ((path.json as? [String: Any])?["link"] as? String)?.hasPrefix("/office/invite/") ?? false, path.stdout)

        // Invited people and pending invitations are listed.
        let list = try cli.run(["staff", "list", "--json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        let listed = try XCTUnwrap(list.json as? [String: Any])
        XCTAssertEqual((listed["invitations"] as? [[String: Any]])?.count, 3)
        XCTAssertEqual((listed["staff"] as? [[String: Any]])?.count, 0, "an invited person joins when accepting")
        XCTAssertFalse(list.stdout.contains(token))
    }

    func test_invite_badInput_exits64WithClearMessages() throws {
        let cli = try cli()
        let typo = try cli.run(["staff", "invite", "--tenant", "coffee-shop", "--role", "mangaer"])
        XCTAssertEqual(typo.status, 64)
        XCTAssertTrue(
            typo.stderr.contains(
                "invalid --role \"mangaer\" (did you mean \"manager\"?); expected one of owner, manager, support, analyst"
            ), typo.stderr)
        let missing = try cli.run(["staff", "invite", "--tenant", "coffee-shop"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.stderr.contains("missing --role (owner, manager, support, analyst)"), missing.stderr)
        let email = try cli.run(["staff", "invite", "--tenant", "coffee-shop", "--role", "owner", "--email", "nope"])
        XCTAssertEqual(email.status, 64)
        XCTAssertTrue(email.stderr.contains("--email: not a valid email address"), email.stderr)
        for expires in ["72", "0h", "31d", "h", "-1d"] {
            let bad = try cli.run([
                "staff", "invite", "--tenant", "coffee-shop", "--role", "owner", "--expires", expires,
            ])
            XCTAssertEqual(bad.status, 64, expires)
            XCTAssertTrue(bad.stderr.contains("--expires"), bad.stderr)
        }
        let tenant = try cli.run(["staff", "invite", "--tenant", "no-such-shop", "--role", "owner"])
        XCTAssertEqual(tenant.status, 1)
        XCTAssertTrue(tenant.stderr.contains("tenant \"no-such-shop\" does not exist"), tenant.stderr)
        let sub = try cli.run(["staff", "invte"])
        XCTAssertEqual(sub.status, 64)
        XCTAssertTrue(sub.stderr.contains("(did you mean \"invite\"?)"), sub.stderr)
        XCTAssertEqual(
            try PostgresConnection(url: cli.environment["DATABASE_URL"]!).query(
                "SELECT count(*) FROM platform.staff_links"
            ).first!.decode(Int64.self, 0), 0)
    }

    func test_setRoleAndRemove_guardTheLastOwner_andNameUnknownPeople() throws {
        let cli = try cli()
        try accept(cli, email: "owner@example.com", role: "owner")
        try accept(cli, email: "helper@example.com", role: "support")

        let demote = try cli.run(["staff", "set-role", "--tenant", "coffee-shop", "owner@example.com", "manager"])
        XCTAssertEqual(demote.status, 1)
        XCTAssertTrue(demote.stderr.contains("coffee-shop would be left without an owner"), demote.stderr)
        let remove = try cli.run(["staff", "remove", "--tenant", "coffee-shop", "OWNER@example.com"])
        XCTAssertEqual(remove.status, 1)
        XCTAssertTrue(remove.stderr.contains("without an owner"), remove.stderr)

        let promote = try cli.run([
            "staff", "set-role", "--tenant", "coffee-shop", "helper@example.com", "owner", "--json",
        ])
        XCTAssertEqual(promote.status, 0, promote.stderr)
        XCTAssertEqual((promote.json as? [String: Any])?["role"] as? String, "owner")
        let now = try cli.run(["staff", "set-role", "--tenant", "coffee-shop", "owner@example.com", "analyst"])
        XCTAssertEqual(now.status, 0, now.stderr)
        XCTAssertEqual(now.stdout, "coffee-shop: owner@example.com is now analyst\n")

        let list = try cli.run(["staff", "list", "--tenant", "coffee-shop"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(
            list.stdout.hasPrefix("TENANT       ROLE     ID  EMAIL               NAME  STATUS\n"), list.stdout)
        XCTAssertTrue(list.stdout.contains("coffee-shop  owner    2   helper@example.com  Test  active"), list.stdout)

        let byID = try cli.run(["staff", "remove", "--tenant", "coffee-shop", "1", "--json"])
        XCTAssertEqual(byID.status, 0, byID.stderr)
        XCTAssertEqual((byID.json as? [String: Any])?["removed"] as? Bool, true)
        let again = try cli.run(["staff", "remove", "--tenant", "coffee-shop", "1"])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("staff person 1 is not staff of coffee-shop"), again.stderr)

        let unknown = try cli.run(["staff", "set-role", "--tenant", "coffee-shop", "ghost@example.com", "owner"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("no staff person with email ghost@example.com"), unknown.stderr)
        let role = try cli.run(["staff", "set-role", "--tenant", "coffee-shop", "helper@example.com", "admin"])
        XCTAssertEqual(role.status, 64)
        XCTAssertTrue(
            role.stderr.contains("invalid ROLE \"admin\"; expected one of owner, manager, support, analyst"),
            role.stderr)
    }

    func test_concurrentDemotionsOfTwoOwners_oneFails() throws {
        let cli = try cli()
        try accept(cli, email: "a@example.com", role: "owner")
        try accept(cli, email: "b@example.com", role: "owner")
        let results = ResultsBox(2)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            results.set(
                index,
                try? cli.run([
                    "staff", "set-role", "--tenant", "coffee-shop", index == 0 ? "a@example.com" : "b@example.com",
                    "manager",
                ]))
        }
        let statuses = results.all.map { $0?.status }.sorted { ($0 ?? -1) < ($1 ?? -1) }
        XCTAssertEqual(statuses, [0, 1])
        let owners = try PostgresConnection(url: cli.environment["DATABASE_URL"]!)
            .query("SELECT count(*) FROM platform.staff_memberships WHERE role = 'owner'").first!.decode(Int64.self, 0)
        XCTAssertEqual(owners, 1)
    }

    func test_resetLink_printsALinkForAnExistingPerson() throws {
        let cli = try cli(publicURL: "https://office.example.com")
        try accept(cli, email: "r@example.com", role: "owner")
        let reset = try cli.run(["staff", "reset-link", "r@example.com", "--json"])
        XCTAssertEqual(reset.status, 0, reset.stderr)
        let object = try XCTUnwrap(reset.json as? [String: Any])
        XCTAssertTrue((object["link"] as? String)?.hasPrefix("https://office.example.com/office/reset/") ?? false)
        XCTAssertEqual(object["email"] as? String, "r@example.com")
        let expires = try XCTUnwrap(ISO8601DateFormatter().date(from: try XCTUnwrap(object["expires_at"] as? String)))
        XCTAssertEqual(expires.timeIntervalSinceNow, 3600, accuracy: 120)
        let text = try cli.run(["staff", "reset-link", "1", "--expires", "2h"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(
            text.stdout.hasPrefix("password reset for r@example.com\nhttps://office.example.com/office/reset/"),
            text.stdout)
        let unknown = try cli.run(["staff", "reset-link", "nobody@example.com"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("no staff person with email nobody@example.com"), unknown.stderr)
    }

    func test_help_ofEverySubcommand() throws {
        let cli = CLIRunner()
        let main = try cli.run(["--help"])
        XCTAssertTrue(main.stdout.contains("staff <subcommand>"))
        let group = try cli.run(["staff", "--help"])
        XCTAssertEqual(group.status, 0)
        XCTAssertTrue(group.stdout.hasPrefix("USAGE: tessera staff <subcommand>"), group.stdout)
        let bare = try cli.run(["staff"])
        XCTAssertEqual(bare.status, 64)
        for (sub, usage) in [
            (
                "invite",
                "USAGE: tessera staff invite --tenant SLUG --role ROLE [--name N] [--email E] [--expires 72h] [--json]"
            ),
            ("list", "USAGE: tessera staff list [--tenant SLUG] [--json]"),
            ("remove", "USAGE: tessera staff remove --tenant SLUG EMAIL_OR_ID [--json]"),
            ("set-role", "USAGE: tessera staff set-role --tenant SLUG EMAIL_OR_ID ROLE [--json]"),
            ("reset-link", "USAGE: tessera staff reset-link EMAIL_OR_ID [--expires 1h] [--no-print] [--json]"),
        ] {
            // Help needs no database and no other argument.
            let result = try cli.run(["staff", sub, "--help"])
            XCTAssertEqual(result.status, 0, "\(sub): \(result.stderr)")
            XCTAssertTrue(result.stdout.hasPrefix(usage + "\n"), "\(sub): \(result.stdout)")
        }
    }
}

/// Results of `concurrentPerform`'s iterations, each slot written by one, under `lock`.
private final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [CLIRunner.Result?]
    init(_ count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: CLIRunner.Result?) { lock.withLock { slots[index] = result } }
    var all: [CLIRunner.Result?] { lock.withLock { slots } }
}
