import Blueprint
import Foundation
import Kernel
import Postgres
import TelegramSimulator
import TesseraJSON
import TesseraTestSupport
import XCTest

/// Referrals and purchases leaderboards, fed by the facts themselves: a recorded referral is one
/// friend for the referrer, a paid order its Stars for the buyer, a refund takes them back; each
/// counts once however often Telegram delivers it.
final class RatingBoardSourcesTests: XCTestCase {
    var telegram: SimulatedTelegram!
    var h: Harness { telegram.h }
    static let slug = "coffee-shop"
    static let schema = "t_coffee_shop"
    static let me: Int64 = 424_242

    override func setUpWithError() throws {
        telegram = try SimulatedTelegram(slug: Self.slug, botUsername: "coffee_bot")
        // coffee-shop's ratings section gains a board of each source.
        var blueprint = try Harness.blueprint(Self.slug)
        for index in blueprint.sections.indices {
            guard case .ratings(var settings) = blueprint.sections[index].kind else { continue }
            settings.boards += [
                Board(
                    id: "invites", title: .plain("Most invites"), source: .referrals,
                    periods: [.week, .month, .allTime]),
                Board(
                    id: "buyers", title: .plain("Top buyers"), source: .purchases, periods: [.week, .month, .allTime]),
            ]
            blueprint.sections[index].kind = .ratings(settings)
        }
        _ = try h.provisioner.apply(try Harness.manifest(Self.slug), botToken: nil, blueprint: blueprint)
        h.registry.reload(try .init(Self.slug))
    }

    override func tearDown() { telegram?.stop() }

    var schema: Identifier { try! Identifier(Self.schema) }

    /// A participant seen by the mini app (Telegram id `telegramID`); their participant id.
    @discardableResult
    func participant(_ telegramID: Int64, startParam: String? = nil) throws -> Int64 {
        let reply = try h.call(
            "GET", "/api/v1/coffee-shop/app",
            headers: [
                "Authorization": "tma "
                    + Harness.initData(Self.slug, user: Harness.user(id: telegramID), startParam: startParam)
            ])
        XCTAssertEqual(reply.status, 200, reply.text)
        return try h.count("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = \(telegramID)")
    }

    func refer(_ referrer: Int64, friends: Int, at date: Date = Date(), from telegramBase: Int64) throws {
        for n in 0..<Int64(friends) {
            let friend = try h.count(
                "INSERT INTO t_coffee_shop.participants (telegram_id, first_name) VALUES (\(telegramBase + n), 'Friend') RETURNING id"
            )
            XCTAssertTrue(
                try h.pool.withConnection {
                    try ReferralRecords(schema: schema).record(referrerID: referrer, referredID: friend, at: date, $0)
                })
        }
    }

    func board(_ id: String, _ period: String, as telegramID: Int64 = me) throws -> [String: Any] {
        let reply = try h.user(
            "GET", "/api/v1/coffee-shop/ratings/\(id)?period=\(period)", slug: Self.slug, userID: telegramID)
        XCTAssertEqual(reply.status, 200, reply.text)
        return reply.json
    }

    func rows(_ board: [String: Any], _ key: String) -> [(rank: Int, points: Int)] {
        (board[key] as? [[String: Any]] ?? []).map { ($0["rank"] as? Int ?? -1, $0["points"] as? Int ?? -1) }
    }

    func score(_ source: String, _ participant: Int64, _ period: String = "all_time") throws -> Int64 {
        try h.count(
            """
            SELECT coalesce(sum(points), 0)::bigint FROM t_coffee_shop.rating_scores
            WHERE source = '\(source)' AND period = '\(period)' AND participant_id = \(participant)
              AND period_start = CASE '\(period)' WHEN 'all_time' THEN DATE '1970-01-01'
                  WHEN 'month' THEN date_trunc('month', now() AT TIME ZONE 'UTC')::date
                  ELSE date_trunc('week', now() AT TIME ZONE 'UTC')::date END
            """)
    }

    /// `participant` holds `points` in every period and is the only one counted on the source.
    func assertSoleScore(_ source: String, _ participant: Int64, _ points: Int64, line: UInt = #line) throws {
        for period in ["week", "month", "all_time"] {
            XCTAssertEqual(try score(source, participant, period), points, period, line: line)
            XCTAssertEqual(
                try h.count(
                    "SELECT coalesce(sum(participants), 0)::bigint FROM t_coffee_shop.rating_counts WHERE source = '\(source)' AND period = '\(period)'"
                ),
                1, period, line: line)
        }
    }

    func waitForUpdates() throws {
        let deadline = Date().addingTimeInterval(10)
        while try h.count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NULL") > 0,
            Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Private messages from `from`, one update each (ids from `firstID`), raced into the webhook
    /// while the updates table is locked; every racer answers 200 and the updates are processed.
    func raceUpdates(from: JSONValue, chatID: Int64, firstID: Int64, _ bodies: [JSONObject]) throws {
        let secret = try XCTUnwrap(telegram.simulator.webhook(botID: telegram.bot)?.secretToken)
        let requests = bodies.enumerated().map { n, body -> RaceRequest in
            var message: JSONObject = [
                "message_id": .int(firstID + Int64(n)), "from": from, "chat": ["id": .int(chatID), "type": "private"],
                "date": 1_700_000_000,
            ]
            for (key, value) in zip(body.keys, body.values) { message[key] = value }
            let update: JSONValue = ["update_id": .int(firstID + Int64(n)), "message": .object(message)]
            return RaceRequest(
                "POST", "/telegram/coffee-shop/webhook",
                headers: [("X-Telegram-Bot-Api-Secret-Token", secret), ("Content-Type", "application/json")],
                body: update.serialized())
        }
        let answers = try h.race(requests, behind: "LOCK TABLE t_coffee_shop.updates IN ACCESS EXCLUSIVE MODE")
        assertAllAlike(answers, "200")
        try waitForUpdates()
    }

    // MARK: referrals

    func test_referralsBoard_ranksFriendsPerPeriod_tiesSharingARank_withNeighbours() throws {
        let me = try participant(Self.me)
        let ann = try participant(1)
        let bob = try participant(2)
        let cy = try participant(3)
        let dee = try participant(4)
        try refer(ann, friends: 3, from: 10_000)
        try refer(bob, friends: 2, from: 20_000)
        try refer(me, friends: 2, from: 30_000)
        try refer(dee, friends: 1, from: 40_000)
        // Forty days ago: outside this week and this month, inside all time.
        try refer(cy, friends: 4, at: Date().addingTimeInterval(-40 * 86_400), from: 50_000)

        let week = try board("invites", "week")
        XCTAssertEqual(week["source"] as? String, "referrals")
        XCTAssertEqual(week["participants"] as? Int, 4)
        XCTAssertEqual(rows(week, "top").map(\.points), [3, 2, 2, 1])
        XCTAssertEqual(rows(week, "top").map(\.rank), [1, 2, 2, 4], "Bob and I tie at 2 friends")
        let mine = try XCTUnwrap(week["me"] as? [String: Any])
        XCTAssertEqual(mine["rank"] as? Int, 2)
        XCTAssertEqual(mine["points"] as? Int, 2)
        XCTAssertEqual(rows(week, "above").map(\.points), bob < me ? [3, 2] : [3])
        XCTAssertEqual(rows(week, "below").map(\.points), bob < me ? [1] : [2, 1])
        XCTAssertEqual(try board("invites", "month")["participants"] as? Int, 4)

        let allTime = try board("invites", "all_time")
        XCTAssertEqual(allTime["participants"] as? Int, 5)
        XCTAssertEqual(rows(allTime, "top").map(\.points), [4, 3, 2, 2, 1])
        XCTAssertEqual(rows(allTime, "top").map(\.rank), [1, 2, 3, 3, 5])
        XCTAssertEqual((allTime["me"] as? [String: Any])?["rank"] as? Int, 3)

        // Staff see the same board by participant id.
        let staff = try h.admin(
            "GET", "/admin/api/v1/coffee-shop/ratings/invites?period=all_time&limit=2",
            token: try h.staffToken(Self.slug))
        XCTAssertEqual(staff.status, 200, staff.text)
        XCTAssertEqual(staff.json["participants"] as? Int, 5)
        let top = staff.json["top"] as? [[String: Any]] ?? []
        XCTAssertEqual(top.map { $0["participant_id"] as? Int }, [Int(cy), Int(ann)])
        XCTAssertEqual(top.map { $0["points"] as? Int }, [4, 3])
    }

    func test_referralsThroughTheBotAndTheMiniApp_countOnTheReferrersBoard() throws {
        let ann = try participant(1)
        // `/start ref_<ann>` in the bot, and a first mini-app launch through her startapp link.
        telegram.simulator.sendStart(botID: telegram.bot, user: Harness.user(id: 700_001), payload: "ref_\(ann)")
        try waitForUpdates()
        try participant(700_002, startParam: "ref_\(ann)")
        // A second launch by a friend already met, and a forged code, count nothing.
        try participant(700_002, startParam: "ref_\(ann)")
        try participant(700_003, startParam: "ref_999999")

        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.referrals WHERE referrer_id = \(ann)"), 2)
        XCTAssertEqual(try score("referrals", ann), 2)
        XCTAssertEqual(try score("referrals", ann, "week"), 2)
        let top = rows(try board("invites", "week"), "top")
        XCTAssertEqual(top.map(\.points), [2])
    }

    func test_racedStartsWithOneReferralCode_countTheFriendOnce() throws {
        let ann = try participant(1)
        // The friend pressed Start several times: distinct updates, one new participant.
        let start: JSONObject = [
            "text": .string("/start ref_\(ann)"), "entities": [["type": "bot_command", "offset": 0, "length": 6]],
        ]
        try raceUpdates(
            from: ["id": 700_100, "is_bot": false, "first_name": "Fay"], chatID: 700_100, firstID: 9_800_000,
            Array(repeating: start, count: Harness.heldRacers))

        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_coffee_shop.updates WHERE processed_at IS NOT NULL"),
            Int64(Harness.heldRacers))
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.participants WHERE telegram_id = 700100"), 1)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.referrals WHERE referrer_id = \(ann)"), 1)
        try assertSoleScore("referrals", ann, 1)
    }

    func test_racedFirstLaunchesWithAReferralCode_countTheFriendOnce() throws {
        let ann = try participant(1)
        let answers = try h.race(
            .heldRacers, "GET", "/api/v1/coffee-shop/app",
            headers: [
                "Authorization": "tma "
                    + Harness.initData(Self.slug, user: Harness.user(id: 700_200), startParam: "ref_\(ann)")
            ],
            behind: "LOCK TABLE t_coffee_shop.participants IN ACCESS EXCLUSIVE MODE")
        assertAllAlike(answers, "200")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.referrals"), 1)
        XCTAssertEqual(try score("referrals", ann), 1)
    }

    // MARK: purchases

    /// `product` bought now by `telegramID`: the order and its invoice link.
    func checkout(_ telegramID: Int64, _ product: String) throws -> (order: Int, link: String) {
        let checkout = try h.user(
            "POST", "/api/v1/coffee-shop/sections/menu/checkout", slug: Self.slug, userID: telegramID,
            body: ["product": product])
        XCTAssertEqual(checkout.status, 201, checkout.text)
        return (
            try XCTUnwrap((checkout.json["order"] as? [String: Any])?["id"] as? Int),
            try XCTUnwrap(checkout.json["invoice_link"] as? String)
        )
    }

    /// `product` bought by `telegramID` and paid through the simulator; the order id.
    @discardableResult
    func paidOrder(_ telegramID: Int64, _ product: String) throws -> Int {
        let (order, link) = try checkout(telegramID, product)
        XCTAssertEqual(
            try telegram.simulator.pay(botID: telegram.bot, user: Harness.user(id: telegramID), invoiceLink: link)
                .payment?.delivered,
            true)
        try waitForUpdates()
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(order) AND status = 'paid'"), 1)
        return order
    }

    func test_purchasesBoard_ranksStarsOfPaidOrders_andARefundLowersTheRank() throws {
        try paidOrder(Self.me, "flat-white")
        try paidOrder(Self.me, "croissant")
        let big = try paidOrder(2, "ethiopia-250")
        try paidOrder(3, "croissant")
        try paidOrder(4, "croissant")

        let before = try board("buyers", "week")
        XCTAssertEqual(before["source"] as? String, "purchases")
        XCTAssertEqual(before["participants"] as? Int, 4)
        XCTAssertEqual(rows(before, "top").map(\.points), [190, 75, 30, 30])
        XCTAssertEqual(rows(before, "top").map(\.rank), [1, 2, 3, 3])
        XCTAssertEqual((before["me"] as? [String: Any])?["rank"] as? Int, 2)
        XCTAssertEqual(rows(before, "above").map(\.points), [190])
        XCTAssertEqual(rows(before, "below").map(\.points), [30, 30])
        XCTAssertEqual(rows(try board("buyers", "all_time"), "top").map(\.points), [190, 75, 30, 30])

        let token = try h.staffToken(Self.slug)
        let refund = try h.admin("POST", "/admin/api/v1/coffee-shop/orders/\(big)/refund", token: token)
        XCTAssertEqual(refund.status, 200, refund.text)
        // Refunding again changes nothing.
        XCTAssertEqual(try h.admin("POST", "/admin/api/v1/coffee-shop/orders/\(big)/refund", token: token).status, 200)
        try waitForUpdates()

        // The refunded buyer bought nothing in the end: off the board, not listed at 0 Stars.
        for period in ["week", "month", "all_time"] {
            let after = try board("buyers", period)
            XCTAssertEqual(after["participants"] as? Int, 3, period)
            XCTAssertEqual(rows(after, "top").map(\.points), [75, 30, 30], period)
            XCTAssertEqual(rows(after, "top").map(\.rank), [1, 2, 2], period)
            XCTAssertEqual((after["me"] as? [String: Any])?["rank"] as? Int, 1, period)
            XCTAssertEqual(rows(after, "above").count, 0, period)
        }
        let refunded = try board("buyers", "week", as: 2)
        XCTAssertTrue(refunded["me"] is NSNull, "\(refunded)")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.rating_scores WHERE points = 0"), 0)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.rating_counts WHERE points = 0"), 0)

        // Buying again puts them back, counted once.
        try paidOrder(2, "croissant")
        let back = try board("buyers", "week")
        XCTAssertEqual(back["participants"] as? Int, 4)
        XCTAssertEqual(rows(back, "top").map(\.points), [75, 30, 30, 30])
    }

    /// Telegram delivering `successful_payment` again (a new update for the same charge) and a
    /// second charge for an order already paid: the order's Stars count once.
    func test_racedSuccessfulPayments_ofOneOrder_countItsStarsOnce() throws {
        let (order, _) = try checkout(Self.me, "croissant")
        let buyer = try h.count("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = \(Self.me)")
        // Two redeliveries of one charge, and a second charge.
        let payments = (0..<Harness.heldRacers).map { n -> JSONObject in
            [
                "successful_payment": [
                    "currency": "XTR", "total_amount": 30, "invoice_payload": .string("order:\(order)"),
                    "telegram_payment_charge_id": .string("race-charge-\(n % 2)"), "provider_payment_charge_id": "",
                ]
            ]
        }
        try raceUpdates(
            from: ["id": .int(Self.me), "is_bot": false, "first_name": "Ann"], chatID: Self.me, firstID: 9_900_000,
            payments)

        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.payments"), 2)
        XCTAssertEqual(
            try h.count("SELECT count(*) FROM t_coffee_shop.orders WHERE id = \(order) AND status = 'paid'"), 1)
        try assertSoleScore("purchases", buyer, 30)
    }

    // MARK: backfill

    /// Migration 0024 rebuilds the referrals and purchases rollups from the stored facts: what the
    /// live writers keep is what a backfill finds.
    func test_backfillMigration_rebuildsTheRollupsTheWritersKeep() throws {
        let ann = try participant(1)
        let bob = try participant(2)
        try refer(ann, friends: 2, from: 10_000)
        try refer(bob, friends: 1, at: Date().addingTimeInterval(-40 * 86_400), from: 20_000)
        try participant(700_300, startParam: "ref_\(bob)")
        try paidOrder(1, "croissant")
        let refunded = try paidOrder(2, "flat-white")
        XCTAssertEqual(
            try h.admin(
                "POST", "/admin/api/v1/coffee-shop/orders/\(refunded)/refund", token: try h.staffToken(Self.slug)
            ).status,
            200)
        try waitForUpdates()
        // A friend from before the mini app recorded startapp referrals: no row, only the source.
        let early = try h.count(
            "INSERT INTO t_coffee_shop.participants (telegram_id, first_name, source) VALUES (700400, 'Early', 'ref_\(ann)') RETURNING id"
        )

        let snapshot = """
            SELECT coalesce(string_agg(row, ',' ORDER BY row), '') FROM (
                SELECT concat_ws(':', source, period, period_start, participant_id, points) AS row
                FROM t_coffee_shop.rating_scores WHERE source IN ('referrals', 'purchases')) r
            """
        let counts = """
            SELECT coalesce(string_agg(row, ',' ORDER BY row), '') FROM (
                SELECT concat_ws(':', source, period, period_start, points, participants) AS row
                FROM t_coffee_shop.rating_counts WHERE source IN ('referrals', 'purchases')) r
            """
        func text(_ sql: String) throws -> String { try h.pool.query(SQL(unsafe: sql)).first!.decode(String.self, 0) }
        let liveScores = try text(snapshot)
        let liveCounts = try text(counts)

        let migrations = try Migration.loadDirectory(Harness.repoRoot.appendingPathComponent("Migrations/tenant"))
        // 0024 scores a refunded order zero; 0026 removes zero scores, as the writers do.
        let backfill = try [24, 26].map { version in try XCTUnwrap(migrations.first { $0.version == version }) }
        func runBackfill() throws {
            try h.pool.withConnection { conn in
                try conn.transaction { conn in for migration in backfill { try conn.simpleQuery(migration.sql(for: schema)) } }
            }
        }
        try runBackfill()

        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.referrals WHERE referred_id = \(early)"), 1)
        XCTAssertEqual(try score("referrals", ann), 3, "the early friend counts now")
        // Without that friend, the backfill finds exactly what the writers kept.
        try h.pool.execute("UPDATE t_coffee_shop.participants SET source = NULL WHERE id = \(early)")
        try h.pool.execute("DELETE FROM t_coffee_shop.referrals WHERE referred_id = \(early)")
        try runBackfill()
        XCTAssertEqual(try text(snapshot), liveScores)
        XCTAssertEqual(try text(counts), liveCounts)
        XCTAssertFalse(liveScores.contains("purchases:all_time:1970-01-01:\(bob):"), liveScores)
        XCTAssertTrue(liveScores.contains("purchases:all_time:1970-01-01:\(ann):"), liveScores)
    }
}
