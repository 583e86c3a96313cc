import AppAPI
import Foundation
import Kernel
import Postgres
import Staff
import Telegram
import TelegramSimulator
import Tenancy
import TesseraJSON
import TesseraLog
import XCTest

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Two tenants with real records of every kind a staff route names in its path, both bots in the
/// simulator, and a signed-in owner of each: the ground for the outside security checks.
///
/// coffee-shop has the shop, quests and ratings; events-club the events; both have news, a
/// participant with a tag and a note, a conversation, a payment and a job. Each tenant's id
/// sequences start far apart (coffee-shop at 5001, events-club at 1001), so one tenant's record ids
/// are never ids of the other's records and "your path, their id" really is a guess.
final class SecurityFixture {
    let simulator: TelegramSimulator
    let h: Harness
    var bots: [String: Int64] = [:]
    /// Path values of each tenant's records: `ids[slug]["post"]`.
    var ids: [String: [String: String]] = [:]
    /// An owner session of each tenant (of that tenant only).
    var sessions: [String: Session] = [:]
    /// An owner staff token of each tenant.
    var tokens: [String: String] = [:]

    static let slugs = ["coffee-shop", "events-club"]
    /// Each tenant's participant; the names are unique so a search or export can look for them.
    static let people: [String: TelegramUser] = [
        "coffee-shop": TelegramUser(id: 424_242, firstName: "Corwin", lastName: "Latte", username: "corwin", languageCode: "en"),
        "events-club": TelegramUser(id: 515_151, firstName: "Zelda", lastName: "Ticket", username: "zelda", languageCode: "en"),
    ]
    /// A text each tenant's records carry (post titles, notes, messages): never in the other's answers.
    static func marker(_ slug: String) -> String { slug == "coffee-shop" ? "Corwin" : "Zelda" }

    /// Every fixture person's password.
    static let password = "correct horse battery"

    struct Session {
        var cookie: String
        var csrf: String
        var email: String
    }

    init() throws {
        simulator = TelegramSimulator(logger: Logger(label: "sim", minimumLevel: .error))
        try simulator.start()
        do {
            bots["coffee-shop"] = try simulator.addBot(token: try Harness.token("coffee-shop"), username: "coffee_bot")
            bots["events-club"] = try simulator.addBot(token: try Harness.token("events-club"), username: "events_bot")
            var updates = UpdateJobs.Settings()
            updates.minimumAge = 0
            let client = BotAPIClient(
                baseURL: simulator.baseURL, timeout: 5, retryPolicy: RetryPolicy(maxAttempts: 2, maxRetryAfter: 1))
            h = try Harness(botAPI: client, updates: updates, simulatorURL: simulator.baseURL)
            let registrar = WebhookRegistrar(
                pool: h.pool, masterKey: Harness.masterKey, client: client, publicBaseURL: h.baseURL)
            for slug in Self.slugs { try registrar.register(try TenantSlug(slug)) }
        } catch {
            simulator.shutdown()
            throw error
        }
        try h.pool.execute(
            "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, CASE schemaname WHEN 't_coffee_shop' THEN 5000 ELSE 1000 END) FROM pg_sequences WHERE schemaname IN ('t_coffee_shop', 't_events_club')"
        )
        for slug in Self.slugs {
            tokens[slug] = try h.staffToken(slug, role: .owner)
            sessions[slug] = try signIn(slug, role: .owner, email: "owner@\(slug).example")
        }
        try seedCoffeeShop()
        try seedEventsClub()
        for slug in Self.slugs { try seedPeople(slug) }
        for slug in Self.slugs { ids[slug] = try recordIDs(slug) }
    }

    func stop() {
        h.stop()
        simulator.shutdown()
    }

    static func schema(_ slug: String) -> String { "t_" + slug.replacingOccurrences(of: "-", with: "_") }

    // MARK: seeding, through the tenants' own APIs and bots

    func seedCoffeeShop() throws {
        let user = try Self.person("coffee-shop")
        let checkout = try h.call(
            "POST", "/api/v1/coffee-shop/sections/menu/checkout", body: ["product": "croissant"],
            headers: ["Authorization": "tma " + Harness.initData("coffee-shop", user: user)])
        XCTAssertEqual(checkout.status, 201, checkout.text)
        let link = try XCTUnwrap(checkout.json["invoice_link"] as? String)
        XCTAssertEqual(
            try simulator.pay(botID: try bot("coffee-shop"), user: user, invoiceLink: link).payment?.delivered, true)
        try created("coffee-shop", "/news", ["section": "news", "title": "Corwin's news"])
    }

    func seedEventsClub() throws {
        let user = try Self.person("events-club")
        let event = try created(
            "events-club", "/events",
            [
                "section": "masterclasses", "title": "Zelda's masterclass",
                "starts_at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(7 * 86_400)),
            ])
        let id = try XCTUnwrap((event.json["event"] as? [String: Any])?["id"] as? Int)
        let registration = try h.call(
            "POST", "/api/v1/events-club/sections/masterclasses/events/\(id)/registrations",
            body: ["values": ["name": "Zelda", "phone": "+1 555 0100", "comment": "Zelda"]],
            headers: ["Authorization": "tma " + Harness.initData("events-club", user: user)])
        XCTAssertEqual(registration.status, 201, registration.text)
        let link = try XCTUnwrap(registration.json["invoice_link"] as? String)
        XCTAssertEqual(
            try simulator.pay(botID: try bot("events-club"), user: user, invoiceLink: link).payment?.delivered, true)
        try created("events-club", "/news", ["section": "news", "title": "Zelda's news"])
    }

    /// A tag, a note and a conversation for the tenant's participant, and a dead job.
    func seedPeople(_ slug: String) throws {
        let user = try Self.person(slug)
        XCTAssertTrue(try simulator.sendUserMessage(botID: try bot(slug), user: user, content: ["text": .string("\(Self.marker(slug)) here")]).delivered)
        let participant = try h.count("SELECT id FROM \(Self.schema(slug)).participants WHERE telegram_id = \(user.id)")
        let base = "/admin/api/v1/\(slug)/participants/\(participant)"
        XCTAssertEqual(try h.admin("POST", base + "/tags/vip", token: try token(slug)).status / 100, 2)
        try created(slug, "/participants/\(participant)/notes", ["text": "\(Self.marker(slug)) likes oat milk"])
        let job = try h.pool.withConnection { conn in
            try JobQueue(schema: try Identifier(Self.schema(slug))).enqueue(
                "bot.update", payload: ["update_id": 1], dedupeKey: "security-\(slug)", on: conn
            ).id
        }
        try h.pool.execute(
            SQL(unsafe: "UPDATE \(Self.schema(slug)).jobs SET state = 'dead', attempts = 10, finished_at = now(), last_error = 'gave up' WHERE id = \(job)"))
    }

    @discardableResult
    func created(_ slug: String, _ path: String, _ body: [String: Any]) throws -> Harness.Reply {
        let reply = try h.admin("POST", "/admin/api/v1/\(slug)" + path, token: try token(slug), body: body)
        XCTAssertEqual(reply.status / 100, 2, "\(path): \(reply.text)")
        return reply
    }

    /// The value each path parameter takes for `slug`'s records (nil where it has none of that kind).
    func recordIDs(_ slug: String) throws -> [String: String] {
        let schema = Self.schema(slug)
        var out: [String: String] = ["tag": "vip"]
        let tables = [
            "post": "news_posts", "event": "events", "registration": "event_registrations", "product": "products",
            "order": "orders", "payment": "payments", "participant": "participants", "job": "jobs",
            "conversation": "conversations", "message": "messages",
        ]
        for (name, table) in tables {
            let row = try h.pool.query(SQL(unsafe: "SELECT max(id) FROM \(schema).\(table)")).first
            if let id = try row?.decode(Int64?.self, 0) { out[name] = String(id) }
        }
        // The Team routes: the signed-in owner, and an invitation still pending.
        let tenantID = try h.tenantID(slug)
        let member = try h.pool.query(
            "SELECT max(person_id) FROM platform.staff_memberships WHERE tenant_id = \(tenantID)"
        ).first?.decode(Int64?.self, 0)
        out["member"] = member.map(String.init)
        let invitation = try h.pool.withConnection { conn in
            try StaffLinkStore().createInvitation(
                tenantID: tenantID, role: .support, email: try EmailAddress("pending@\(slug).example"), now: Date(), conn
            ).1.id
        }
        out["invitation"] = String(invitation)
        let owner = try token(slug)
        let quests = try h.admin("GET", "/admin/api/v1/\(slug)/quests", token: owner).json["quests"] as? [[String: Any]]
        out["quest"] = quests?.first?["id"] as? String
        let boards = try h.admin("GET", "/admin/api/v1/\(slug)/ratings", token: owner).json["boards"] as? [[String: Any]]
        out["board"] = boards?.first?["id"] as? String
        return out
    }

    // MARK: sessions

    /// Signs a new person in to `slug` with `role` by accepting an invitation, as the office does.
    func signIn(_ slug: String, role: StaffRole, email: String, name: String? = nil) throws -> Session {
        let tenantID = try h.tenantID(slug)
        let token = try h.pool.withConnection { conn in
            try StaffLinkStore().createInvitation(
                tenantID: tenantID, role: role, email: try EmailAddress(email), now: Date(), conn
            ).0.value
        }
        let reply = try h.call(
            "POST", "/office/api/invitations/\(token)/accept",
            body: ["email": email, "name": name ?? "Owner of \(slug)", "password": Self.password])
        XCTAssertEqual(reply.status, 200, reply.text)
        let cookie = try XCTUnwrap(reply.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        return Session(cookie: cookie, csrf: reply.json["csrf_token"] as? String ?? "", email: email)
    }

    /// A call with a session: its cookie, and its CSRF token on a change unless `csrf` says otherwise.
    func office(_ method: String, _ path: String, _ session: Session, body: Any? = nil, headers: [String: String] = [:])
        throws -> Harness.Reply
    {
        var all = ["Cookie": session.cookie]
        if method != "GET" { all["X-CSRF-Token"] = session.csrf }
        for (k, v) in headers { all[k] = v }
        return try h.call(method, path, body: body, headers: all)
    }

    // MARK: routes

    /// Every staff route the areas register (the list `StaffRoleTableTests` checks the role table on).
    var staffRoutes: [Endpoint] { h.context.areas.flatMap(\.endpoints).filter { $0.permission != nil } }

    /// Every route of the back office's session API (`/office/api/…`).
    var officeAPIRoutes: [Endpoint] {
        h.context.areas.flatMap(\.endpoints).filter { $0.permission == nil && $0.pattern.hasPrefix("/office/api/") }
    }

    static func key(_ endpoint: Endpoint) -> String { "\(endpoint.method.rawValue) \(endpoint.pattern)" }

    /// The names in `{…}` of a pattern, `tenant` excluded.
    static func parameters(_ pattern: String) -> [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
            .filter { $0 != "tenant" }
    }

    /// `pattern` for `tenant` with each parameter from `values`; nil when one has no value.
    static func fill(_ pattern: String, tenant: String, _ values: [String: String]) -> String? {
        var out = pattern.replacingOccurrences(of: "{tenant}", with: tenant)
        for name in parameters(pattern) {
            guard let value = values[name] else { return nil }
            out = out.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return out
    }

    /// The tenant whose records fill every parameter of `pattern` (events-club first), or nil.
    func victim(for pattern: String) -> String? {
        ["events-club", "coffee-shop"].first { Self.fill(pattern, tenant: $0, ids[$0] ?? [:]) != nil }
    }

    static func other(_ slug: String) -> String { slug == "coffee-shop" ? "events-club" : "coffee-shop" }

    // MARK: dumps

    /// Every table of `schema`, each as its row count and a digest of its rows: equal dumps mean
    /// nothing in the schema changed.
    func dump(_ schema: String) throws -> [String: String] {
        let tables = try h.pool.query(SQL(unsafe: "SELECT tablename FROM pg_tables WHERE schemaname = '\(schema)' ORDER BY 1"))
            .map { try $0.decode(String.self, 0) }
        let parts = tables.map { table in
            "SELECT '\(table)', count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \(schema).\"\(table)\" t"
        }
        var out: [String: String] = [:]
        for row in try h.pool.query(SQL(unsafe: parts.joined(separator: " UNION ALL "))) {
            out[try row.decode(String.self, 0)] = try row.decode(String.self, 1)
        }
        return out
    }

    /// The tables whose dumps differ.
    static func changed(_ before: [String: String], _ after: [String: String]) -> [String] {
        Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
    }
}
