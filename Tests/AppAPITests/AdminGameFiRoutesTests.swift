import Foundation
import GameFi
import Kernel
import Postgres
import Staff
import Synchronization
import Telegram
import XCTest

/// The staff API over GameFi, over loopback HTTP against a real PostgreSQL: quests with stats,
/// pause / resume and reward overrides that the claim path honours, manual ledger adjustments.
final class AdminGameFiRoutesTests: XCTestCase {
    var h: Harness!
    let membership = FakeMembership()
    let schema = try! Identifier("t_coffee_shop")
    var token = ""

    override func setUpWithError() throws {
        h = try Harness(membership: membership)
        token = try h.staffToken("coffee-shop")
    }

    override func tearDown() { h?.stop() }

    func telegramUser(_ id: Int64, _ name: String = "Ann") -> TelegramUser {
        TelegramUser(id: id, firstName: name, lastName: nil, username: nil, languageCode: "en", isPremium: false, photoURL: nil, allowsWriteToPM: true)
    }

    func enduser(_ method: String, _ path: String, user: Int64, name: String = "Ann") throws -> Harness.Reply {
        try h.call(
            method, path, body: method == "POST" ? [String: Any]() : nil,
            headers: ["Authorization": "tma " + Harness.initData("coffee-shop", user: telegramUser(user, name))])
    }

    func claim(_ quest: String, user: Int64) throws -> Harness.Reply {
        try enduser("POST", "/api/v1/coffee-shop/sections/beans/quests/\(quest)/claim", user: user)
    }

    /// Makes the participant known (first contact) and returns their participant id.
    func participant(_ telegramID: Int64, _ name: String = "Ann") throws -> Int64 {
        XCTAssertEqual(try enduser("GET", "/api/v1/coffee-shop/gamefi", user: telegramID, name: name).status, 200)
        return try h.pool.query("SELECT id FROM \(ident: schema).participants WHERE telegram_id = \(telegramID)").first!.decode(Int64.self, 0)
    }

    func quests() throws -> [String: [String: Any]] {
        let reply = try h.admin("GET", "/admin/api/v1/coffee-shop/quests", token: token)
        XCTAssertEqual(reply.status, 200, reply.text)
        var out: [String: [String: Any]] = [:]
        for quest in reply.json["quests"] as? [[String: Any]] ?? [] { out[quest["id"] as! String] = quest }
        return out
    }

    func userQuest(_ id: String, user: Int64) throws -> [String: Any] {
        let state = try enduser("GET", "/api/v1/coffee-shop/gamefi", user: user).json
        return (state["quests"] as? [[String: Any]] ?? []).first { $0["id"] as? String == id } ?? [:]
    }

    func ledgerRows() throws -> Int64 { try h.count("SELECT count(*) FROM t_coffee_shop.points_ledger") }

    func test_auth_missingRevokedAndOtherTenantsTokens() throws {
        let paths = [
            ("GET", "/admin/api/v1/coffee-shop/quests", nil), ("PATCH", "/admin/api/v1/coffee-shop/quests/check-in", ["paused": true] as Any?),
            ("GET", "/admin/api/v1/coffee-shop/participants/1/points", nil),
            ("POST", "/admin/api/v1/coffee-shop/participants/1/points", ["amount": 5, "reason": "x", "idempotency_key": "k"]),
        ]
        let foreign = try h.staffToken("events-club")
        for (method, path, body) in paths {
            let missing = try h.call(method, path, body: body)
            XCTAssertEqual(missing.status, 401, path)
            XCTAssertEqual(missing.errorCode, "token_missing")
            let other = try h.admin(method, path, token: foreign, body: body)
            XCTAssertEqual(other.status, 403, path)
            XCTAssertEqual(other.errorCode, "forbidden")
        }
        let id = try h.pool.query("SELECT max(id) FROM platform.api_tokens").first!.decode(Int64.self, 0)
        let tenantID = h.registry.tenant("coffee-shop")!.id
        XCTAssertTrue(try h.pool.withConnection { try StaffTokenStore().revoke(id: id - 1, tenantID: tenantID, $0) })
        let revoked = try h.admin("GET", "/admin/api/v1/coffee-shop/quests", token: token)
        XCTAssertEqual(revoked.status, 401)
        XCTAssertEqual(revoked.errorCode, "token_invalid")
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.quest_overrides"), 0)
        XCTAssertEqual(try ledgerRows(), 0)
    }

    func test_list_showsEveryBlueprintQuestWithStats() throws {
        let before = try quests()
        XCTAssertEqual(Set(before.keys), ["check-in", "read-news", "follow", "first-order", "bring-friends"])
        XCTAssertEqual(before["check-in"]?["status"] as? String, "active")
        XCTAssertEqual(before["check-in"]?["reward"] as? Int, 5)
        XCTAssertEqual(before["read-news"]?["title"] as? String, "Read this week's news")
        XCTAssertEqual((before["check-in"]?["stats"] as? [String: Any])?["claims"] as? Int, 0)

        for id in [31, 32, 33] as [Int64] { XCTAssertEqual(try claim("check-in", user: id).status, 200) }
        membership.members.withLock { _ = $0.insert("@beanthere_coffee 31") }
        XCTAssertEqual(try claim("follow", user: 31).status, 200)
        // An old claim counts in the total, not in the last 7 days.
        let p = try participant(34)
        try h.pool.execute(
            "INSERT INTO t_coffee_shop.quest_claims (participant_id, quest_id, period, streak, points, claimed_at) VALUES (\(p), 'check-in', '2020-01-01', 1, 5, '2020-01-01')")

        let after = try quests()
        let checkin = try XCTUnwrap(after["check-in"]?["stats"] as? [String: Any])
        XCTAssertEqual(checkin["claims"] as? Int, 4)
        XCTAssertEqual(checkin["claims_last_7_days"] as? Int, 3)
        XCTAssertEqual(checkin["points_awarded"] as? Int, 20)
        XCTAssertEqual(checkin["participants"] as? Int, 4)
        let follow = try XCTUnwrap(after["follow"]?["stats"] as? [String: Any])
        XCTAssertEqual(follow["claims"] as? Int, 1)
        XCTAssertEqual(follow["points_awarded"] as? Int, 50)
        XCTAssertEqual((after["bring-friends"]?["stats"] as? [String: Any])?["participants"] as? Int, 0)
    }

    func test_pauseBlocksClaimsAndResumeAllowsThem() throws {
        let patched = try h.admin("PATCH", "/admin/api/v1/coffee-shop/quests/check-in", token: token, body: ["paused": true])
        XCTAssertEqual(patched.status, 200, patched.text)
        XCTAssertEqual(patched.quest["status"] as? String, "paused")
        XCTAssertEqual(patched.quest["paused"] as? Bool, true)

        let blocked = try claim("check-in", user: 41)
        XCTAssertEqual(blocked.status, 409)
        XCTAssertEqual(blocked.errorCode, "quest_paused")
        XCTAssertEqual(try ledgerRows(), 0)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.quest_claims"), 0)
        let shown = try userQuest("check-in", user: 41)
        XCTAssertEqual(shown["status"] as? String, "paused")
        XCTAssertEqual(shown["paused"] as? Bool, true)
        XCTAssertEqual(try userQuest("follow", user: 41)["paused"] as? Bool, false)
        // A paused subscribe_channel quest does not even ask Telegram.
        XCTAssertEqual(try h.admin("PATCH", "/admin/api/v1/coffee-shop/quests/follow", token: token, body: ["paused": true]).status, 200)
        XCTAssertEqual(try claim("follow", user: 41).errorCode, "quest_paused")
        XCTAssertTrue(membership.calls.withLock { $0.isEmpty })

        XCTAssertEqual(try h.admin("PATCH", "/admin/api/v1/coffee-shop/quests/check-in", token: token, body: ["paused": false]).status, 200)
        let resumed = try claim("check-in", user: 41)
        XCTAssertEqual(resumed.status, 200, resumed.text)
        XCTAssertEqual(resumed.json["awarded"] as? Int, 5)
        XCTAssertEqual(try quests()["check-in"]?["status"] as? String, "active")
        XCTAssertEqual(try quests()["follow"]?["status"] as? String, "paused")
    }

    func test_rewardOverride_isPaidAndSurvivesANewBlueprintVersion() throws {
        let patched = try h.admin("PATCH", "/admin/api/v1/coffee-shop/quests/check-in", token: token, body: ["reward": 25])
        XCTAssertEqual(patched.status, 200, patched.text)
        XCTAssertEqual(patched.quest["reward"] as? Int, 25)
        XCTAssertEqual(patched.quest["blueprint_reward"] as? Int, 5)
        XCTAssertEqual(try userQuest("check-in", user: 51)["reward"] as? Int, 25)
        let claimed = try claim("check-in", user: 51)
        XCTAssertEqual(claimed.json["awarded"] as? Int, 25)
        XCTAssertEqual(claimed.json["balance"] as? Int, 25)

        // A new blueprint version keeps the override while the quest exists.
        var blueprint = try Harness.blueprint("coffee-shop")
        blueprint.app.description = .plain("v2")
        _ = try h.provisioner.apply(try Harness.manifest("coffee-shop"), botToken: nil, blueprint: blueprint)
        h.registry.reload(try .init("coffee-shop"))
        XCTAssertEqual(try quests()["check-in"]?["reward"] as? Int, 25)
        XCTAssertEqual(try claim("check-in", user: 52).json["awarded"] as? Int, 25)

        // null goes back to the blueprint's reward; 0 pays nothing but records the claim.
        XCTAssertEqual(try h.admin("PATCH", "/admin/api/v1/coffee-shop/quests/check-in", token: token, body: ["reward": NSNull()]).quest["reward"] as? Int, 5)
        XCTAssertEqual(try claim("check-in", user: 53).json["awarded"] as? Int, 5)
        XCTAssertEqual(try h.admin("PATCH", "/admin/api/v1/coffee-shop/quests/check-in", token: token, body: ["reward": 0]).status, 200)
        let free = try claim("check-in", user: 54)
        XCTAssertEqual(free.status, 200, free.text)
        XCTAssertEqual(free.json["awarded"] as? Int, 0)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.quest_claims WHERE quest_id = 'check-in'"), 4)
        XCTAssertEqual(try ledgerRows(), 3)
    }

    func test_override_goesWithItsQuestWhenAVersionWithoutItGoesLive() throws {
        XCTAssertEqual(try h.admin("PATCH", "/admin/api/v1/coffee-shop/quests/check-in", token: token, body: ["reward": 25, "paused": true]).status, 200)
        XCTAssertEqual(try h.admin("PATCH", "/admin/api/v1/coffee-shop/quests/follow", token: token, body: ["reward": 60]).status, 200)
        let original = try Harness.blueprint("coffee-shop")
        var without = original
        for index in without.sections.indices {
            if case .gamefi(var settings) = without.sections[index].kind {
                settings.quests.removeAll { $0.id == "check-in" }
                without.sections[index].kind = .gamefi(settings)
            }
        }
        let manifest = try Harness.manifest("coffee-shop")
        let v2 = try XCTUnwrap(try h.provisioner.apply(manifest, botToken: nil, blueprint: without).newVersion)
        h.registry.reload(try .init("coffee-shop"))
        XCTAssertNil(try quests()["check-in"])
        XCTAssertEqual(try quests()["follow"]?["reward"] as? Int, 60)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.quest_overrides"), 1)

        // Back in a later version (or by rollback), the quest starts from the blueprint.
        try h.provisioner.rollback(try .init("coffee-shop"), to: v2 - 1)
        h.registry.reload(try .init("coffee-shop"))
        XCTAssertEqual(try quests()["check-in"]?["reward"] as? Int, 5)
        XCTAssertEqual(try quests()["check-in"]?["status"] as? String, "active")
        XCTAssertEqual(try claim("check-in", user: 95).json["awarded"] as? Int, 5)
        XCTAssertEqual(try quests()["follow"]?["reward"] as? Int, 60)
    }

    func test_appWithoutGamefi_hasNoQuests() throws {
        let events = try h.staffToken("events-club")
        let reply = try h.admin("GET", "/admin/api/v1/events-club/quests", token: events)
        XCTAssertEqual(reply.status, 404)
        XCTAssertEqual(reply.errorCode, "section_not_found")
        XCTAssertEqual(try h.admin("PATCH", "/admin/api/v1/events-club/quests/check-in", token: events, body: ["paused": true]).errorCode, "quest_not_found")
    }

    func test_patch_unknownQuestIs404_andInvalidBodiesAre422WithNothingChanged() throws {
        let unknown = try h.admin("PATCH", "/admin/api/v1/coffee-shop/quests/nope", token: token, body: ["paused": true])
        XCTAssertEqual(unknown.status, 404)
        XCTAssertEqual(unknown.errorCode, "quest_not_found")
        for body: [String: Any] in [[:], ["paused": "yes"], ["reward": -1], ["reward": 1.5], ["reward": 2_000_000], ["paused": true, "colour": "red"]] {
            let reply = try h.admin("PATCH", "/admin/api/v1/coffee-shop/quests/check-in", token: token, body: body)
            XCTAssertEqual(reply.status, 422, "\(body)")
            XCTAssertEqual(reply.errorCode, "validation_failed")
            XCTAssertFalse(reply.details.isEmpty)
        }
        XCTAssertEqual(try h.admin("PATCH", "/admin/api/v1/coffee-shop/quests/check-in", token: token, body: Data("{".utf8)).status, 400)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_coffee_shop.quest_overrides"), 0)
    }

    func test_adjustment_isIdempotentAndShowsInBalanceLedgerAndLeaderboard() throws {
        let ann = try participant(61, "Ann")
        _ = try participant(62, "Bob")
        XCTAssertEqual(try claim("check-in", user: 62).status, 200)
        let path = "/admin/api/v1/coffee-shop/participants/\(ann)/points"
        let body: [String: Any] = ["amount": 120, "reason": "Won the latte art contest", "idempotency_key": "contest-2026-11"]
        let first = try h.admin("POST", path, token: token, body: body)
        XCTAssertEqual(first.status, 201, first.text)
        XCTAssertEqual(first.json["balance"] as? Int, 120)
        XCTAssertEqual(first.json["duplicate"] as? Bool, false)
        let entry = try XCTUnwrap(first.json["entry"] as? [String: Any])
        XCTAssertEqual(entry["reason"] as? String, "Won the latte art contest")
        let tokenID = try h.pool.query("SELECT max(id) FROM platform.api_tokens").first!.decode(Int64.self, 0)
        XCTAssertEqual(entry["reference"] as? String, "staff_token:\(tokenID)")

        let again = try h.admin("POST", path, token: token, body: body)
        XCTAssertEqual(again.status, 200)
        XCTAssertEqual(again.json["duplicate"] as? Bool, true)
        XCTAssertEqual(again.json["balance"] as? Int, 120)
        XCTAssertEqual((again.json["entry"] as? [String: Any])?["id"] as? Int, entry["id"] as? Int)
        var reused = body
        reused["amount"] = 121
        let conflict = try h.admin("POST", path, token: token, body: reused)
        XCTAssertEqual(conflict.status, 409)
        XCTAssertEqual(conflict.errorCode, "idempotency_key_reused")
        XCTAssertEqual(try ledgerRows(), 2)

        let ledger = try h.admin("GET", path, token: token)
        XCTAssertEqual(ledger.status, 200, ledger.text)
        XCTAssertEqual(ledger.json["balance"] as? Int, 120)
        XCTAssertEqual((ledger.json["ledger"] as? [[String: Any]])?.count, 1)
        XCTAssertEqual(try enduser("GET", "/api/v1/coffee-shop/gamefi", user: 61).json["balance"] as? Int, 120)

        let board = try enduser("GET", "/api/v1/coffee-shop/ratings/beans?period=all_time", user: 62, name: "Bob")
        let top = try XCTUnwrap(board.json["top"] as? [[String: Any]])
        XCTAssertEqual(top.first?["name"] as? String, "Ann")
        XCTAssertEqual(top.first?["points"] as? Int, 120)
        XCTAssertEqual((board.json["me"] as? [String: Any])?["rank"] as? Int, 2)
    }

    func test_negativeAdjustment_takesPointsBackButNeverBelowZero() throws {
        let ann = try participant(71)
        let path = "/admin/api/v1/coffee-shop/participants/\(ann)/points"
        XCTAssertEqual(try h.admin("POST", path, token: token, body: ["amount": 50, "reason": "bonus", "idempotency_key": "a"]).status, 201)
        let back = try h.admin("POST", path, token: token, body: ["amount": -30, "reason": "awarded by mistake", "idempotency_key": "b"])
        XCTAssertEqual(back.status, 201, back.text)
        XCTAssertEqual(back.json["balance"] as? Int, 20)
        let tooMuch = try h.admin("POST", path, token: token, body: ["amount": -21, "reason": "too much", "idempotency_key": "c"])
        XCTAssertEqual(tooMuch.status, 409)
        XCTAssertEqual(tooMuch.errorCode, "insufficient_points")
        let ledger = try h.admin("GET", path, token: token)
        XCTAssertEqual(ledger.json["balance"] as? Int, 20)
        XCTAssertEqual((ledger.json["ledger"] as? [[String: Any]])?.map { $0["amount"] as? Int }, [-30, 50])
        XCTAssertEqual(try ledgerRows(), 2)
    }

    func test_adjustment_invalidBodiesAre422_andUnknownParticipants404_withNothingChanged() throws {
        let ann = try participant(81)
        let path = "/admin/api/v1/coffee-shop/participants/\(ann)/points"
        let cases: [([String: Any], Set<String>)] = [
            ([:], ["amount", "reason", "idempotency_key"]),
            (["amount": 0, "reason": "x", "idempotency_key": "k"], ["amount"]),
            (["amount": 5, "reason": "  ", "idempotency_key": "k"], ["reason"]),
            (["amount": 5, "reason": "x", "idempotency_key": "bad key!"], ["idempotency_key"]),
            (["amount": "5", "reason": "x", "idempotency_key": "k"], ["amount"]),
            (["amount": 5, "reason": "x", "idempotency_key": "k", "note": "?"], ["note"]),
        ]
        for (body, fields) in cases {
            let reply = try h.admin("POST", path, token: token, body: body)
            XCTAssertEqual(reply.status, 422, "\(body)")
            XCTAssertEqual(reply.errorCode, "validation_failed")
            XCTAssertEqual(reply.detailFields, fields, "\(body)")
        }
        for missing in ["/admin/api/v1/coffee-shop/participants/999999/points", "/admin/api/v1/coffee-shop/participants/abc/points"] {
            let post = try h.admin("POST", missing, token: token, body: ["amount": 5, "reason": "x", "idempotency_key": "k"])
            XCTAssertEqual(post.status, 404)
            XCTAssertEqual(post.errorCode, "participant_not_found")
            XCTAssertEqual(try h.admin("GET", missing, token: token).status, 404)
        }
        XCTAssertEqual(try ledgerRows(), 0)
    }

    func test_concurrentAdjustments_recordAKeyOnceAndNeverGoBelowZero() throws {
        let ann = try participant(91)
        let path = "/admin/api/v1/coffee-shop/participants/\(ann)/points"
        // Harness only reads its immutable properties and makes a URLSession per call: safe to share.
        nonisolated(unsafe) let harness = h!
        let token = self.token
        /// Sends the bodies at once, each on its own thread; the statuses, sorted.
        func race(_ bodies: [[String: Any]]) -> [Int] {
            let statuses = Mutex<[Int]>([])
            let group = DispatchGroup()
            for body in bodies {
                nonisolated(unsafe) let body = body
                group.enter()
                Thread.detachNewThread {
                    let status = (try? harness.admin("POST", path, token: token, body: body).status) ?? 0
                    statuses.withLock { $0.append(status) }
                    group.leave()
                }
            }
            group.wait()
            return statuses.withLock { $0.sorted() }
        }
        let same = race(Array(repeating: ["amount": 50, "reason": "seed", "idempotency_key": "same"], count: 8))
        XCTAssertEqual(same, [200, 200, 200, 200, 200, 200, 200, 201])
        XCTAssertEqual(try ledgerRows(), 1)

        let taken = race((0..<8).map { ["amount": -10, "reason": "take", "idempotency_key": "take-\($0)"] })
        XCTAssertEqual(taken.filter { $0 == 201 }.count, 5, "\(taken)")
        XCTAssertEqual(taken.filter { $0 == 409 }.count, 3, "\(taken)")
        XCTAssertEqual(try h.admin("GET", path, token: token).json["balance"] as? Int, 0)
        XCTAssertEqual(try h.count("SELECT coalesce(sum(amount), 0)::bigint FROM t_coffee_shop.points_ledger"), 0)
    }
}

extension Harness.Reply {
    /// The `quest` of a PATCH answer.
    var quest: [String: Any] { json["quest"] as? [String: Any] ?? [:] }
}
