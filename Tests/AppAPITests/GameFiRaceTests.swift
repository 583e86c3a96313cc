import Blueprint
import Foundation
import GameFi
import Kernel
import Postgres
import TesseraTestSupport
import XCTest

/// GameFi's state changes raced: quest claims, tap batches, referral rewards and staff point
/// adjustments, each fired N times at once. The racers are held at the table or row they decide
/// on and released together, so every one of them reads before any has written.
final class GameFiRaceTests: XCTestCase {
    var h: Harness!
    let membership = FakeMembership()
    static let slug = "coffee-shop"
    static let section = "/api/v1/coffee-shop/sections/beans"

    override func setUpWithError() throws { h = try Harness(membership: membership) }
    override func tearDown() { h?.stop() }

    func ledger(_ condition: String = "true") throws -> Int64 {
        try h.count("SELECT count(*) FROM t_coffee_shop.points_ledger WHERE \(condition)")
    }

    func balance(_ telegramID: Int64 = 424_242) throws -> Int64 {
        try h.count(
            """
            SELECT coalesce(sum(l.amount), 0)::bigint FROM t_coffee_shop.points_ledger l
            JOIN t_coffee_shop.participants p ON p.id = l.participant_id WHERE p.telegram_id = \(telegramID)
            """)
    }

    /// The answers' `duplicate` flags: how many awarded (false) and how many found it done (true).
    func duplicates(_ answers: [RaceResponse]) -> [Bool: Int] {
        answers.reduce(into: [:]) { $0[($1.json["duplicate"] as? Bool) ?? true, default: 0] += 1 }
    }

    func test_racedDailyCheckins_awardOnce() throws {
        let answers = try h.raceUser(
            .heldRacers, "POST", Self.section + "/quests/check-in/claim", slug: Self.slug, body: [String: Any](),
            behind: "LOCK TABLE t_coffee_shop.quest_claims IN ACCESS EXCLUSIVE MODE")

        assertAllAlike(answers, "200")
        XCTAssertEqual(
            duplicates(answers), [false: 1, true: Harness.heldRacers - 1], answers.map(\.text).joined(separator: "\n"))
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.quest_claims"), 1)
        XCTAssertEqual(try ledger(), 1)
        XCTAssertEqual(try balance(), 5)
    }

    func test_racedChannelQuestClaims_awardOnce() throws {
        membership.members.withLock { _ = $0.insert("@beanthere_coffee 424242") }

        let answers = try h.raceUser(
            .heldRacers, "POST", Self.section + "/quests/follow/claim", slug: Self.slug, body: [String: Any](),
            behind: "LOCK TABLE t_coffee_shop.quest_claims IN ACCESS EXCLUSIVE MODE")

        assertAllAlike(answers, "200")
        XCTAssertEqual(duplicates(answers), [false: 1, true: Harness.heldRacers - 1])
        XCTAssertEqual(try ledger("reason = 'quest'"), 1)
        XCTAssertEqual(try balance(), 50)
    }

    func test_racedTapBatches_withOneBatchID_creditOnce() throws {
        try enableTap(energyMax: 100)

        let answers = try h.raceUser(
            .heldRacers, "POST", Self.section + "/taps", slug: Self.slug, body: ["taps": 10, "batch": "tap-batch-1"],
            behind: "LOCK TABLE t_coffee_shop.tap_state IN ACCESS EXCLUSIVE MODE")

        assertAllAlike(answers, "200")
        XCTAssertEqual(duplicates(answers), [false: 1, true: Harness.heldRacers - 1])
        let credited = Set(answers.compactMap { $0.json["points"] as? Int })
        XCTAssertEqual(credited.count, 1, "every answer tells the same credit: \(credited)")
        XCTAssertEqual(try ledger("reason = 'tap'"), 1)
        XCTAssertEqual(try balance(), Int64(credited.first ?? -1))
    }

    func test_racedTapBatchesWithDifferentIDs_spendTheEnergyOnce() throws {
        try enableTap(energyMax: 30)
        let batches = try (1...Harness.heldRacers).map {
            try RaceRequest.user(
                "POST", Self.section + "/taps", slug: Self.slug, userID: 424_242,
                body: ["taps": 20, "batch": "batch-\($0)"])
        }
        let started = Date()

        let answers = try h.race(batches, behind: "LOCK TABLE t_coffee_shop.tap_state IN ACCESS EXCLUSIVE MODE")

        assertAllAlike(answers, "200")
        let credited = answers.reduce(0) { $0 + (($1.json["credited"] as? Int) ?? 0) }
        // 30 taps of energy, plus what regenerates meanwhile (1 a second), never 4 × 20.
        let regenerated = Int(Date().timeIntervalSince(started).rounded(.up)) + 1
        XCTAssertLessThanOrEqual(credited, 30 + regenerated, answers.map(\.text).joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(credited, 30)
        XCTAssertEqual(try balance(), Int64(credited * 2), "the ledger holds exactly what was answered")
    }

    /// Turns the coffee shop's tap game on (2 points a tap, 1 energy back a second, 20 taps/s).
    func enableTap(energyMax: Int) throws {
        var blueprint = try Harness.blueprint(Self.slug)
        for index in blueprint.sections.indices {
            if case .gamefi(var settings) = blueprint.sections[index].kind {
                settings.tap = TapSettings(
                    enabled: true, energyMax: energyMax, energyRegenPerMinute: 60, maxTapsPerSecond: 20, pointsPerTap: 2
                )
                blueprint.sections[index].kind = .gamefi(settings)
            }
        }
        _ = try h.provisioner.apply(try Harness.manifest(Self.slug), botToken: nil, blueprint: blueprint)
        h.registry.reload(try .init(Self.slug))
    }

    func test_racedFirstContacts_withAReferralCode_payTheReferrerOnce() throws {
        let referrer = try h.call(
            "GET", "/api/v1/coffee-shop/app",
            headers: ["Authorization": "tma " + Harness.initData(Self.slug, user: Harness.user())])
        XCTAssertEqual(referrer.status, 200, referrer.text)
        let referrerID = try h.count("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = 424242")
        let friend = Harness.user(id: 600_001)

        let answers = try h.race(
            .heldRacers, "GET", "/api/v1/coffee-shop/app",
            headers: [
                "Authorization": "tma " + Harness.initData(Self.slug, user: friend, startParam: "ref_\(referrerID)")
            ],
            behind: "LOCK TABLE t_coffee_shop.participants IN ACCESS EXCLUSIVE MODE")

        assertAllAlike(answers, "200")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.participants WHERE telegram_id = 600001"), 1)
        XCTAssertEqual(try ledger("reason = 'referral'"), 1, "one reward per friend")
        XCTAssertEqual(try balance(), 40)

        // The referrer's own screens grant rewards too (for friends the bot saw): raced, still once.
        let states = try h.raceUser(
            .heldRacers, "GET", "/api/v1/coffee-shop/gamefi", slug: Self.slug,
            behind: "LOCK TABLE t_coffee_shop.points_ledger IN ACCESS EXCLUSIVE MODE")
        assertAllAlike(states, "200")
        XCTAssertEqual(try ledger("reason = 'referral'"), 1)
        XCTAssertEqual(Set(states.compactMap { $0.json["balance"] as? Int }), [40])
    }

    func test_racedPointAdjustments_withOneKey_recordOnce() throws {
        XCTAssertEqual(try h.user("GET", "/api/v1/coffee-shop/app", slug: Self.slug).status, 200)
        let participant = try h.count("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = 424242")

        let answers = try h.raceAdmin(
            .heldRacers, "POST", "/admin/api/v1/coffee-shop/participants/\(participant)/points",
            token: try h.staffToken(Self.slug),
            body: ["amount": 25, "reason": "goodwill", "idempotency_key": "ticket-4711"],
            behind: "SELECT 1 FROM t_coffee_shop.participants WHERE id = \(participant) FOR UPDATE")

        assertOneWinner(answers, "201", rest: "200")
        XCTAssertEqual(duplicates(answers), [false: 1, true: Harness.heldRacers - 1])
        XCTAssertEqual(try ledger(), 1)
        XCTAssertEqual(try balance(), 25)
    }

    func test_racedDeductionsWithDifferentKeys_neverTakeTheBalanceBelowZero() throws {
        XCTAssertEqual(try h.user("GET", "/api/v1/coffee-shop/app", slug: Self.slug).status, 200)
        let participant = try h.count("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = 424242")
        let token = try h.staffToken(Self.slug)
        let path = "/admin/api/v1/coffee-shop/participants/\(participant)/points"
        XCTAssertEqual(
            try h.admin(
                "POST", path, token: token, body: ["amount": 10, "reason": "start", "idempotency_key": "grant-1"]
            ).status, 201)
        let deductions = try (1...Harness.heldRacers).map {
            try RaceRequest.staff(
                "POST", path, token: token, body: ["amount": -4, "reason": "fix", "idempotency_key": "take-\($0)"])
        }

        let answers = try h.race(
            deductions, behind: "SELECT 1 FROM t_coffee_shop.participants WHERE id = \(participant) FOR UPDATE")

        XCTAssertEqual(outcomes(answers), ["201": 2, "409 insufficient_points": Harness.heldRacers - 2])
        XCTAssertEqual(try balance(), 2)
    }

    func test_racedQuestOverrides_writeOneOverride() throws {
        let answers = try h.raceAdmin(
            .heldRacers, "PATCH", "/admin/api/v1/coffee-shop/quests/check-in", token: try h.staffToken(Self.slug),
            body: ["paused": true, "reward": 7],
            behind: "LOCK TABLE t_coffee_shop.quest_overrides IN ACCESS EXCLUSIVE MODE")

        assertAllAlike(answers, "200")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.quest_overrides WHERE paused AND reward = 7"), 1)
    }
}
