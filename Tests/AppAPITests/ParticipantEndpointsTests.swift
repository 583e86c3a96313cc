import Foundation
import Kernel
import Postgres
import Telegram
import XCTest

@testable import AppAPI

/// The staff participant routes over HTTP with PostgreSQL: list, search, filters, pages, profile,
/// timeline, tags, notes and the CSV export.
final class ParticipantEndpointsTests: XCTestCase {
    var h: Harness!
    var token: String!
    let base = "/admin/api/v1/coffee-shop/participants"
    /// 2025-01-01T00:00:00Z; seeded instants are minutes after it.
    let epoch = Date(timeIntervalSince1970: 1_735_689_600)

    struct Person {
        var id: Int64 = 0
        var telegramID: Int64
        var firstName: String
        var lastName: String?
        var username: String?
        var language: String?
        var source: String?
        var tags: [String] = []
        var reachable = true
        var firstSeen: Int
        var lastSeen: Int
        var paid = false
    }

    var people: [Person] = []

    override func setUpWithError() throws {
        h = try Harness()
        token = try h.staffToken("coffee-shop", role: .owner)
        people = [
            Person(
                telegramID: 1001, firstName: "Ann", lastName: "Lee", username: "ann_l", language: "en", source: "ads",
                tags: ["vip"], firstSeen: 1, lastSeen: 50, paid: true),
            Person(
                telegramID: 1002, firstName: "Boris", lastName: "Ivanov", username: "boris", language: "ru",
                source: "ads", firstSeen: 2, lastSeen: 40),
            Person(
                telegramID: 1003, firstName: "<b>Zoe</b>", username: nil, language: "en", tags: ["vip", "beta"],
                reachable: false, firstSeen: 3, lastSeen: 40),
            Person(
                telegramID: 1004, firstName: "anna", lastName: "Smith", username: "a100%_x", language: "de",
                source: "qr", firstSeen: 4, lastSeen: 10, paid: true),
            Person(telegramID: 1005, firstName: "Carl", language: nil, firstSeen: 5, lastSeen: 60),
            Person(
                telegramID: 1006, firstName: "Dana", lastName: "Ann", language: "ru", source: "qr", tags: ["beta"],
                firstSeen: 5, lastSeen: 5),
            Person(
                telegramID: 20077, firstName: "=HYPERLINK(\"x\")", lastName: "O\"Neil, Jr.", language: "en",
                firstSeen: 7, lastSeen: 30),
        ]
        for i in people.indices { people[i].id = try insert(people[i]) }
    }

    override func tearDown() { h?.stop() }

    var schema: Identifier { h.registry.tenant("coffee-shop")!.schema }

    func at(_ minutes: Int) -> Date { epoch.addingTimeInterval(Double(minutes) * 60) }

    func insert(_ p: Person, slug: String = "coffee-shop") throws -> Int64 {
        let schema = h.registry.tenant(slug)!.schema
        let id = try h.pool.query(
            """
            INSERT INTO \(ident: schema).participants
                (telegram_id, first_name, last_name, username, language_code, source, tags, reachable, first_seen_at, last_seen_at)
            VALUES (\(p.telegramID), \(p.firstName), \(p.lastName), \(p.username), \(p.language), \(p.source),
                    \(PostgresArray(p.tags))::text[], \(p.reachable), \(at(p.firstSeen)), \(at(p.lastSeen)))
            RETURNING id
            """
        ).first!.decode(Int64.self, 0)
        if p.paid {
            try h.pool.execute(
                """
                INSERT INTO \(ident: schema).payments (participant_id, telegram_user_id, telegram_payment_charge_id, currency, total_amount, invoice_payload)
                VALUES (\(id), \(p.telegramID), \("charge-\(slug)-\(id)"), 'XTR', 25, 'order:1')
                """)
        }
        return id
    }

    func list(_ query: String, token: String? = nil) throws -> Harness.Reply {
        try h.admin("GET", base + (query.isEmpty ? "" : "?" + query), token: token ?? self.token)
    }

    func ids(_ reply: Harness.Reply) -> [Int64] {
        ((reply.json["participants"] as? [[String: Any]]) ?? []).compactMap { ($0["id"] as? NSNumber)?.int64Value }
    }

    /// Follows `next_cursor` from the first page to the last.
    func allPages(_ query: String, limit: Int) throws -> [Int64] {
        var out: [Int64] = []
        var cursor: String?
        repeat {
            var q = query.isEmpty ? "limit=\(limit)" : query + "&limit=\(limit)"
            if let cursor { q += "&cursor=" + cursor }
            let reply = try list(q)
            XCTAssertEqual(reply.status, 200, reply.text)
            let page = ids(reply)
            XCTAssertLessThanOrEqual(page.count, limit)
            out += page
            cursor = reply.json["next_cursor"] as? String
        } while cursor != nil
        return out
    }

    func test_pages_coverEveryParticipantExactlyOnce_inEachSort() throws {
        let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0) })
        let expected: [String: [Int64]] = [
            "last_seen": people.sorted { ($0.lastSeen, $0.id) < ($1.lastSeen, $1.id) }.map(\.id),
            "-last_seen": people.sorted { ($0.lastSeen, $0.id) > ($1.lastSeen, $1.id) }.map(\.id),
            "first_seen": people.sorted { ($0.firstSeen, $0.id) < ($1.firstSeen, $1.id) }.map(\.id),
            "-first_seen": people.sorted { ($0.firstSeen, $0.id) > ($1.firstSeen, $1.id) }.map(\.id),
        ]
        for (sort, order) in expected {
            for limit in [1, 2, 3, 7, 50] {
                XCTAssertEqual(try allPages("sort=" + sort, limit: limit), order, "sort=\(sort) limit=\(limit)")
            }
        }
        // The default order is -last_seen.
        XCTAssertEqual(try allPages("", limit: 2), expected["-last_seen"])
        // By name: the database's collation decides the order; pages must still agree with one query.
        let byName = try allPages("sort=name", limit: 2)
        XCTAssertEqual(byName, ids(try list("sort=name&limit=200")))
        XCTAssertEqual(Set(byName), Set(byID.keys))
        XCTAssertEqual(byName.count, people.count)
    }

    func test_pages_stayStableWhenParticipantsArriveBetweenThem() throws {
        let first = try list("sort=last_seen&limit=3")
        XCTAssertEqual(ids(first).count, 3)
        // Someone older than the cursor and someone newer arrive between the two pages.
        let early = try insert(Person(telegramID: 3001, firstName: "Early", firstSeen: 0, lastSeen: 0))
        let late = try insert(Person(telegramID: 3002, firstName: "Late", firstSeen: 99, lastSeen: 99))
        var seen = ids(first)
        var cursor = first.json["next_cursor"] as? String
        while let next = cursor {
            let reply = try list("sort=last_seen&limit=3&cursor=" + next)
            seen += ids(reply)
            cursor = reply.json["next_cursor"] as? String
        }
        XCTAssertEqual(seen.count, Set(seen).count, "no participant twice")
        XCTAssertTrue(Set(people.map(\.id)).isSubset(of: Set(seen)), "nobody who was there is skipped")
        XCTAssertFalse(seen.contains(early))
        XCTAssertEqual(seen.last, late)
    }

    func test_eachFilter_selectsExactlyTheMatchingParticipants() throws {
        func expect(_ query: String, _ matching: (Person) -> Bool, file: StaticString = #filePath, line: UInt = #line)
            throws
        {
            let reply = try list(query + "&limit=200")
            XCTAssertEqual(reply.status, 200, reply.text, file: file, line: line)
            XCTAssertEqual(Set(ids(reply)), Set(people.filter(matching).map(\.id)), query, file: file, line: line)
            XCTAssertFalse(
                people.filter(matching).isEmpty || people.allSatisfy(matching), "\(query): the seed must split",
                file: file, line: line)
        }
        try expect("source=ads") { $0.source == "ads" }
        try expect("tag=vip") { $0.tags.contains("vip") }
        try expect("tag=beta") { $0.tags.contains("beta") }
        try expect("language=ru") { $0.language == "ru" }
        try expect("language=EN") { $0.language == "en" }
        try expect("first_seen_from=\(iso(at(3)))") { $0.firstSeen >= 3 }
        try expect("first_seen_to=\(iso(at(3)))") { $0.firstSeen < 3 }
        try expect("last_seen_from=\(iso(at(40)))") { $0.lastSeen >= 40 }
        try expect("last_seen_to=\(iso(at(40)))") { $0.lastSeen < 40 }
        try expect("last_seen_from=\(iso(at(10)))&last_seen_to=\(iso(at(50)))") { (10..<50).contains($0.lastSeen) }
        try expect("reachable=false") { !$0.reachable }
        try expect("reachable=true") { $0.reachable }
        try expect("has_paid=true") { $0.paid }
        try expect("has_paid=false") { !$0.paid }
        try expect("source=qr&language=ru") { $0.source == "qr" && $0.language == "ru" }
        try expect("tag=vip&sort=name&reachable=true") { $0.tags.contains("vip") && $0.reachable }
    }

    func test_search_matchesNamesUsernamesAndTelegramIDs() throws {
        func found(_ q: String) throws -> Set<Int64> {
            let reply = try list("limit=200&q=" + q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            XCTAssertEqual(reply.status, 200, reply.text)
            return Set(ids(reply))
        }
        let id = { (telegram: Int64) in self.people.first { $0.telegramID == telegram }!.id }
        // "ann" is in Ann Lee, anna Smith, Dana Ann (last name) and the username ann_l.
        XCTAssertEqual(try found("ann"), [id(1001), id(1004), id(1006)])
        XCTAssertEqual(try found("ANN LEE"), [id(1001)])
        XCTAssertEqual(try found("@boris"), [id(1002)])
        XCTAssertEqual(try found("ivanov"), [id(1002)])
        XCTAssertEqual(try found("1003"), [id(1003)])
        XCTAssertEqual(try found("20077"), [id(20077)])
        // LIKE's wildcards are literal: "%_" is only in a100%_x.
        XCTAssertEqual(try found("0%_"), [id(1004)])
        XCTAssertEqual(try found("_"), [id(1001), id(1004)])
        XCTAssertEqual(try found("nobody"), [])
    }

    func test_badValues_are422NamingTheParameter() throws {
        let cursor = try XCTUnwrap(try list("sort=name&limit=1").json["next_cursor"] as? String)
        let cases: [(String, String)] = [
            ("limit=0", "limit"), ("limit=201", "limit"), ("limit=x", "limit"), ("sort=age", "sort"),
            ("sort=id", "sort"),
            ("cursor=zzz", "cursor"), ("cursor=" + cursor, "cursor"), ("first_seen_from=yesterday", "first_seen_from"),
            ("first_seen_to=2025-01-01", "first_seen_to"), ("last_seen_from=1", "last_seen_from"),
            ("last_seen_to=", "last_seen_to"),
            ("reachable=yes", "reachable"), ("has_paid=1", "has_paid"), ("tag=VIP", "tag"), ("tag=a%20b", "tag"),
            ("q=", "q"), ("q=" + String(repeating: "a", count: 101), "q"), ("source=", "source"),
            ("language=", "language"),
            ("banana=1", "banana"), ("tag=vip&tag=beta", "tag"),
            ("last_seen_from=\(iso(at(9)))&last_seen_to=\(iso(at(1)))", "last_seen_to"),
            ("first_seen_from=\(iso(at(9)))&first_seen_to=\(iso(at(1)))", "first_seen_to"),
        ]
        for (query, field) in cases {
            let reply = try list(query)
            XCTAssertEqual(reply.status, 422, query)
            XCTAssertEqual(reply.errorCode, "validation_failed", query)
            XCTAssertEqual(reply.detailFields, [field], query)
        }
        let export = try h.admin("GET", base + "/export.csv?sort=name", token: token)
        XCTAssertEqual(export.status, 422)
        XCTAssertEqual(export.detailFields, ["sort"])
        XCTAssertEqual(
            try h.admin("GET", base + "/export.csv?reachable=maybe", token: token).detailFields, ["reachable"])
    }

    func test_namesWithHTML_areReturnedVerbatim() throws {
        let zoe = people.first { $0.telegramID == 1003 }!
        let reply = try list("reachable=false")
        let row = try XCTUnwrap((reply.json["participants"] as? [[String: Any]])?.first)
        XCTAssertEqual(row["first_name"] as? String, "<b>Zoe</b>")
        XCTAssertEqual(row["tags"] as? [String], ["vip", "beta"])
        XCTAssertTrue(reply.text.contains("<b>Zoe<\\/b>") || reply.text.contains("<b>Zoe</b>"))
        let profile = try h.admin("GET", "\(base)/\(zoe.id)", token: token)
        XCTAssertEqual((profile.json["participant"] as? [String: Any])?["first_name"] as? String, "<b>Zoe</b>")
    }

    func test_otherTenantsToken_seesNothingOfThisTenant() throws {
        let other = try h.staffToken("events-club", role: .owner)
        let ann = people[0]
        for path in [base, base + "?q=ann", base + "/export.csv", "\(base)/\(ann.id)", "\(base)/\(ann.id)/timeline"] {
            let reply = try h.admin("GET", path, token: other)
            XCTAssertTrue([401, 403, 404].contains(reply.status), "\(path): \(reply.status)")
            XCTAssertFalse(reply.text.contains("Ann"), path)
        }
        for (method, path) in [
            ("POST", "\(base)/\(ann.id)/tags/x"), ("DELETE", "\(base)/\(ann.id)/tags/vip"),
            ("POST", "\(base)/\(ann.id)/notes"),
        ] {
            XCTAssertTrue(
                [401, 403, 404].contains(try h.admin(method, path, token: other, body: ["text": "x"]).status), path)
        }
        XCTAssertEqual(try h.count("SELECT count(*) FROM \(schema.quoted).participant_notes"), 0)
        // And events-club's own list does not show coffee-shop's participants, even by Telegram id.
        let mine = try insert(
            Person(telegramID: 1001, firstName: "Other Ann", firstSeen: 1, lastSeen: 1), slug: "events-club")
        let reply = try h.admin("GET", "/admin/api/v1/events-club/participants?q=1001", token: other)
        XCTAssertEqual(ids(reply), [mine])
        let csv = try h.admin("GET", "/admin/api/v1/events-club/participants/export.csv", token: other).text
        XCTAssertTrue(csv.contains("Other Ann"))
        XCTAssertFalse(csv.contains("Boris"))
    }

    func test_profile_showsProvenanceCountsAndNotes() throws {
        let ann = people[0]
        let boris = people[1]
        try h.pool.execute(
            "INSERT INTO \(ident: schema).referrals (referrer_id, referred_id) VALUES (\(ann.id), \(boris.id))")
        try h.pool.execute(
            "INSERT INTO \(ident: schema).points_ledger (participant_id, amount, reason, idempotency_key) VALUES (\(boris.id), 30, 'quest', 'k1'), (\(boris.id), -5, 'refund', 'k2')"
        )
        try h.pool.execute(
            "INSERT INTO \(ident: schema).messages (participant_id, direction, text) VALUES (\(boris.id), 'in', 'hi')")
        let note = try h.admin(
            "POST", "\(base)/\(boris.id)/notes", token: token, body: ["text": "  <script>alert(1)</script> called  "])
        XCTAssertEqual(note.status, 201, note.text)
        let profile = try h.admin("GET", "\(base)/\(boris.id)", token: token)
        XCTAssertEqual(profile.status, 200, profile.text)
        let p = try XCTUnwrap(profile.json["participant"] as? [String: Any])
        XCTAssertEqual(p["first_name"] as? String, "Boris")
        let provenance = try XCTUnwrap(p["provenance"] as? [String: Any])
        XCTAssertEqual(provenance["source"] as? String, "ads")
        XCTAssertEqual(((provenance["referrer"] as? [String: Any])?["id"] as? NSNumber)?.int64Value, ann.id)
        let counts = try XCTUnwrap(p["counts"] as? [String: Any])
        XCTAssertEqual(counts["points_balance"] as? Int, 25)
        XCTAssertEqual(counts["messages"] as? Int, 1)
        XCTAssertEqual(counts["payments"] as? Int, 0)
        let notes = try XCTUnwrap(p["notes"] as? [[String: Any]])
        XCTAssertEqual(notes.count, 1)
        XCTAssertEqual(notes[0]["text"] as? String, "<script>alert(1)</script> called")
        XCTAssertEqual((notes[0]["author"] as? [String: Any])?["name"] as? String, "test")
        XCTAssertEqual((notes[0]["author"] as? [String: Any])?["kind"] as? String, "token")
        let annProfile = try h.admin("GET", "\(base)/\(ann.id)", token: token).json["participant"] as? [String: Any]
        XCTAssertEqual((annProfile?["counts"] as? [String: Any])?["referred"] as? Int, 1)
        XCTAssertEqual((annProfile?["counts"] as? [String: Any])?["stars_paid"] as? Int, 25)
        XCTAssertEqual(try h.admin("GET", "\(base)/999999", token: token).errorCode, "participant_not_found")
        XCTAssertEqual(try h.admin("GET", "\(base)/abc", token: token).status, 404)
    }

    func test_notes_refuseBadBodiesAndUnknownParticipants() throws {
        let id = people[0].id
        for body: [String: Any] in [
            [:], ["text": ""], ["text": "   "], ["text": 5], ["text": NSNull()],
            ["text": String(repeating: "x", count: 4_001)], ["text": "ok", "pin": true],
        ] {
            let reply = try h.admin("POST", "\(base)/\(id)/notes", token: token, body: body)
            XCTAssertEqual(reply.status, 422, "\(body): \(reply.text)")
        }
        XCTAssertEqual(
            try h.admin("POST", "\(base)/999999/notes", token: token, body: ["text": "x"]).errorCode,
            "participant_not_found")
        XCTAssertEqual(try h.count("SELECT count(*) FROM \(schema.quoted).participant_notes"), 0)
        // Append-only: the database refuses an edit.
        XCTAssertEqual(try h.admin("POST", "\(base)/\(id)/notes", token: token, body: ["text": "first"]).status, 201)
        XCTAssertThrowsError(try h.pool.execute("UPDATE \(ident: schema).participant_notes SET text = 'changed'"))
    }

    func test_timeline_mergesEverySourceNewestFirst_andPagesCoverItExactlyOnce() throws {
        let ann = people[0]
        let s = schema
        // Two nav events share an instant with an order, to exercise the tie-break.
        try h.pool.execute(
            """
            INSERT INTO \(ident: s).nav_events (participant_id, kind, screen, occurred_at)
            VALUES (\(ann.id), 'screen_view', 'home', \(at(10))), (\(ann.id), 'screen_view', 'menu', \(at(20))),
                   (\(ann.id), 'tap', 'menu', \(at(20))), (\(people[1].id), 'screen_view', 'home', \(at(15)))
            """)
        try h.pool.execute(
            "INSERT INTO \(ident: s).orders (section, participant_id, status, total_stars, expires_at, created_at) VALUES ('shop', \(ann.id), 'pending', 10, \(at(100)), \(at(20)))"
        )
        try h.pool.execute("UPDATE \(ident: s).payments SET paid_at = \(at(25)) WHERE participant_id = \(ann.id)")
        try h.pool.execute(
            "INSERT INTO \(ident: s).points_ledger (participant_id, amount, reason, idempotency_key, created_at) VALUES (\(ann.id), 5, 'quest', 'a', \(at(30)))"
        )
        try h.pool.execute(
            "INSERT INTO \(ident: s).messages (participant_id, direction, text, created_at) VALUES (\(ann.id), 'out', '<i>hello</i>', \(at(40)))"
        )
        let whole = try h.admin("GET", "\(base)/\(ann.id)/timeline", token: token)
        XCTAssertEqual(whole.status, 200, whole.text)
        let items = try XCTUnwrap(whole.json["items"] as? [[String: Any]])
        XCTAssertEqual(
            items.map { $0["type"] as? String },
            ["message", "points", "payment", "order", "navigation", "navigation", "navigation"])
        XCTAssertEqual(items[0]["text"] as? String, "<i>hello</i>")
        XCTAssertEqual(items[4]["kind"] as? String, "tap")
        XCTAssertEqual(items.last?["screen"] as? String, "home")
        XCTAssertNil(whole.json["next_cursor"] as? String)
        for limit in 1...3 {
            var paged: [[String: Any]] = []
            var cursor: String?
            repeat {
                let reply = try h.admin(
                    "GET", "\(base)/\(ann.id)/timeline?limit=\(limit)" + (cursor.map { "&cursor=" + $0 } ?? ""),
                    token: token)
                XCTAssertEqual(reply.status, 200, reply.text)
                paged += try XCTUnwrap(reply.json["items"] as? [[String: Any]])
                cursor = reply.json["next_cursor"] as? String
            } while cursor != nil
            XCTAssertEqual(
                paged.map { "\($0["type"]!):\($0["id"]!)" }, items.map { "\($0["type"]!):\($0["id"]!)" },
                "limit \(limit)")
        }
        XCTAssertEqual(
            try h.admin("GET", "\(base)/\(ann.id)/timeline?cursor=nope", token: token).detailFields, ["cursor"])
        XCTAssertEqual(try h.admin("GET", "\(base)/\(ann.id)/timeline?limit=0", token: token).detailFields, ["limit"])
        XCTAssertEqual(try h.admin("GET", "\(base)/\(ann.id)/timeline?since=1", token: token).detailFields, ["since"])
        XCTAssertEqual(try h.admin("GET", "\(base)/999999/timeline", token: token).errorCode, "participant_not_found")
    }

    func test_tags_addAndRemove_idempotently() throws {
        let boris = people[1]
        let added = try h.admin("POST", "\(base)/\(boris.id)/tags/club:gold", token: token)
        XCTAssertEqual(added.status, 200, added.text)
        XCTAssertEqual(added.json["tags"] as? [String], ["club:gold"])
        XCTAssertEqual(
            try h.admin("POST", "\(base)/\(boris.id)/tags/club:gold", token: token).json["tags"] as? [String],
            ["club:gold"])
        XCTAssertEqual(
            try h.admin("POST", "\(base)/\(boris.id)/tags/vip", token: token).json["tags"] as? [String],
            ["club:gold", "vip"])
        XCTAssertEqual(Set(ids(try list("tag=club:gold"))), [boris.id])
        XCTAssertEqual(
            try h.admin("DELETE", "\(base)/\(boris.id)/tags/club:gold", token: token).json["tags"] as? [String], ["vip"]
        )
        XCTAssertEqual(
            try h.admin("DELETE", "\(base)/\(boris.id)/tags/club:gold", token: token).json["tags"] as? [String], ["vip"]
        )
        let bad = try h.admin("POST", "\(base)/\(boris.id)/tags/Gold", token: token)
        XCTAssertEqual(bad.status, 422)
        XCTAssertEqual(bad.detailFields, ["tag"])
        XCTAssertEqual(try h.admin("POST", "\(base)/999999/tags/vip", token: token).errorCode, "participant_not_found")
        XCTAssertEqual(
            try h.admin("DELETE", "\(base)/999999/tags/vip", token: token).errorCode, "participant_not_found")
        for n in 0..<99 { _ = try h.admin("POST", "\(base)/\(boris.id)/tags/t\(n)", token: token) }
        let full = try h.admin("POST", "\(base)/\(boris.id)/tags/one-more", token: token)
        XCTAssertEqual(full.status, 409)
        XCTAssertEqual(full.errorCode, "too_many_tags")
    }

    func test_changedTags_reachTheMiniAppsParticipantCacheWithinTheTagsRefresh() throws {
        let tenant = h.registry.tenant("coffee-shop")!
        let tracker = ParticipantTracker(pool: h.pool, refresh: 300, tagsRefresh: 10)
        let user = TelegramUser(
            id: 1002, firstName: "Boris", lastName: "Ivanov", username: "boris", languageCode: "ru", isPremium: false,
            photoURL: nil, allowsWriteToPM: true)
        let data = InitData(user: user, authDate: Date())
        let t0 = Date()
        XCTAssertEqual(try tracker.touch(data, tenant: tenant, now: t0).tags, [])
        XCTAssertEqual(try h.admin("POST", "\(base)/\(people[1].id)/tags/vip", token: token).status, 200)
        XCTAssertEqual(
            try tracker.touch(data, tenant: tenant, now: t0.addingTimeInterval(5)).tags, [], "cached within tagsRefresh"
        )
        XCTAssertEqual(try tracker.touch(data, tenant: tenant, now: t0.addingTimeInterval(11)).tags, ["vip"])
        XCTAssertEqual(try h.admin("DELETE", "\(base)/\(people[1].id)/tags/vip", token: token).status, 200)
        XCTAssertEqual(try tracker.touch(data, tenant: tenant, now: t0.addingTimeInterval(22)).tags, [])
    }

    func test_export_isCSVWithBOMQuotingAndTheFormulaGuard_filteredLikeTheList() throws {
        let reply = try h.admin("GET", base + "/export.csv?language=en", token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(reply.headers["Content-Type"] ?? reply.headers["content-type"], "text/csv; charset=utf-8")
        XCTAssertEqual(Array(reply.body.prefix(3)), [0xEF, 0xBB, 0xBF])
        let text = String(decoding: reply.body.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        XCTAssertEqual(
            lines.first,
            "id,telegram_id,first_name,last_name,username,language_code,is_premium,source,tags,reachable,first_seen_at,last_seen_at"
        )
        XCTAssertEqual(lines.last, "")
        let en = people.filter { $0.language == "en" }.sorted { $0.id < $1.id }
        XCTAssertEqual(lines.count, en.count + 2)
        XCTAssertEqual(
            lines[1], "\(en[0].id),1001,Ann,Lee,ann_l,en,false,ads,vip,true,2025-01-01T00:01:00Z,2025-01-01T00:50:00Z")
        XCTAssertEqual(
            lines[2], "\(en[1].id),1003,<b>Zoe</b>,,,en,false,,vip beta,false,2025-01-01T00:03:00Z,2025-01-01T00:40:00Z"
        )
        XCTAssertEqual(
            lines[3],
            "\(en[2].id),20077,\"'=HYPERLINK(\"\"x\"\")\",\"O\"\"Neil, Jr.\",,en,false,,,true,2025-01-01T00:07:00Z,2025-01-01T00:30:00Z"
        )
    }

    func test_export_coversEveryRowAcrossBatches() throws {
        try h.pool.execute(
            """
            INSERT INTO \(ident: schema).participants (telegram_id, first_name, language_code)
            SELECT 500000 + g, 'P' || g, 'xx' FROM generate_series(1, 12345) g
            """)
        let reply = try h.admin("GET", base + "/export.csv?language=xx", token: token)
        XCTAssertEqual(reply.status, 200)
        let lines = String(decoding: reply.body.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").dropFirst()
            .dropLast()
        XCTAssertEqual(lines.count, 12_345)
        XCTAssertEqual(Set(lines.map { $0.split(separator: ",")[1] }).count, 12_345)
    }
}
