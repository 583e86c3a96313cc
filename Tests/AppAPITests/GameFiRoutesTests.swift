import Blueprint
import Foundation
import GameFi
import Kernel
import Postgres
import Synchronization
import Telegram
import XCTest

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The one external dependency of quests, replaced by a protocol fake: Telegram's getChatMember.
final class FakeMembership: ChannelMembershipChecker {
    let members = Mutex<Set<String>>([])
    let calls = Mutex<[String]>([])

    func isMember(userID: Int64, channel: String, tenant: String) throws(ChannelCheckError) -> Bool {
        calls.withLock { $0.append("\(tenant) \(channel) \(userID)") }
        return members.withLock { $0.contains("\(channel) \(userID)") }
    }
}

final class GameFiRoutesTests: XCTestCase {
    var h: Harness!
    let membership = FakeMembership()
    let schema = try! Identifier("t_coffee_shop")

    override func setUpWithError() throws { h = try Harness(membership: membership) }
    override func tearDown() { h?.stop() }

    func user(_ id: Int64, _ name: String = "Ann") -> TelegramUser {
        TelegramUser(id: id, firstName: name, lastName: nil, username: nil, languageCode: "en", isPremium: false, photoURL: nil, allowsWriteToPM: true)
    }

    func call(_ method: String, _ path: String, body: String? = nil, user: TelegramUser = Harness.user(), startParam: String? = nil) throws
        -> Harness.Reply
    {
        var request = URLRequest(url: URL(string: h.baseURL + path)!)
        request.httpMethod = method
        request.cachePolicy = .reloadIgnoringLocalCacheData
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        request.setValue("tma " + Harness.initData("coffee-shop", user: user, startParam: startParam), forHTTPHeaderField: "Authorization")
        return try h.send(request)
    }

    func claim(_ quest: String, user: TelegramUser = Harness.user()) throws -> Harness.Reply {
        try call("POST", "/api/v1/coffee-shop/sections/beans/quests/\(quest)/claim", body: "{}", user: user)
    }

    func state(user: TelegramUser = Harness.user()) throws -> [String: Any] {
        let reply = try call("GET", "/api/v1/coffee-shop/gamefi", user: user)
        XCTAssertEqual(reply.status, 200, reply.text)
        return reply.json
    }

    func quest(_ id: String, in state: [String: Any]) -> [String: Any] {
        ((state["quests"] as? [[String: Any]]) ?? []).first { $0["id"] as? String == id } ?? [:]
    }

    func ledgerSum() throws -> Int64 {
        try h.pool.query("SELECT coalesce(sum(amount), 0)::bigint FROM \(ident: schema).points_ledger").first!.decode(Int64.self, 0)
    }

    /// Turns the coffee shop's tap game on with small limits.
    func enableTap(energyMax: Int, rate: Int) throws {
        var blueprint = try Harness.blueprint("coffee-shop")
        for index in blueprint.sections.indices {
            if case .gamefi(var settings) = blueprint.sections[index].kind {
                settings.tap = TapSettings(enabled: true, energyMax: energyMax, energyRegenPerMinute: 60, maxTapsPerSecond: rate, pointsPerTap: 2)
                blueprint.sections[index].kind = .gamefi(settings)
            }
        }
        _ = try h.provisioner.apply(try Harness.manifest("coffee-shop"), botToken: nil, blueprint: blueprint)
        h.registry.reload(try .init("coffee-shop"))
    }

    func test_state_listsBalanceQuestsAndReferralLink() throws {
        let s = try state()
        XCTAssertEqual(s["section"] as? String, "beans")
        XCTAssertEqual(s["balance"] as? Int, 0)
        XCTAssertEqual(s["points_name"] as? String, "bean|beans", "the plural forms, picked per count by the client")
        XCTAssertTrue(s["tap"] is NSNull)
        XCTAssertEqual(quest("check-in", in: s)["status"] as? String, "claimable")
        XCTAssertEqual(quest("read-news", in: s)["status"] as? String, "locked")
        XCTAssertEqual(quest("follow", in: s)["status"] as? String, "claimable")
        XCTAssertEqual(quest("first-order", in: s)["status"] as? String, "locked")
        XCTAssertEqual((quest("bring-friends", in: s)["progress"] as? [String: Any])?["target"] as? Int, 3)
        XCTAssertEqual(quest("check-in", in: s)["claim_path"] as? String, "/api/v1/{tenant}/sections/beans/quests/check-in/claim")
        let referral = try XCTUnwrap(s["referral"] as? [String: Any])
        let code = try XCTUnwrap(referral["start_param"] as? String)
        XCTAssertTrue(code.hasPrefix("ref_"))
        XCTAssertEqual(referral["link"] as? String, "https://t.me/test_bot?startapp=\(code)")
    }

    func test_dailyCheckin_isIdempotent() throws {
        let first = try claim("check-in")
        XCTAssertEqual(first.status, 200, first.text)
        XCTAssertEqual(first.json["awarded"] as? Int, 5)
        XCTAssertEqual(first.json["streak"] as? Int, 1)
        XCTAssertEqual(first.json["duplicate"] as? Bool, false)
        for _ in 0..<3 {
            let again = try claim("check-in")
            XCTAssertEqual(again.status, 200)
            XCTAssertEqual(again.json["awarded"] as? Int, 0)
            XCTAssertEqual(again.json["duplicate"] as? Bool, true)
            XCTAssertEqual(again.json["balance"] as? Int, 5)
        }
        XCTAssertEqual(quest("check-in", in: try state())["status"] as? String, "claimed")
        XCTAssertEqual(try ledgerSum(), 5)
    }

    func test_claimMessages_speakTheCallersLanguage() throws {
        var ru = user(77, "Аня")
        ru.languageCode = "ru"
        // The sample coffee shop speaks English only, and so do its answers to everyone.
        XCTAssertEqual(try claim("check-in", user: ru).json["duplicate"] as? Bool, false)
        XCTAssertEqual(try claim("check-in", user: ru).json["message"] as? String, "Already claimed")

        // The same shop in English and Russian.
        let path = Harness.repoRoot.appendingPathComponent("blueprints/coffee-shop.json").path
        let json = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            .replacingOccurrences(of: #""default_locale": "en","#, with: #""default_locale": "en", "locales": ["en", "ru"],"#)
            .replacingOccurrences(
                of: #""points_name": "bean|beans""#, with: #""points_name": {"en": "bean|beans", "ru": "зерно|зерна|зёрен"}"#)
        let blueprint = try BlueprintLoader.load(Array(json.utf8), file: path).get()
        XCTAssertEqual(blueprint.app.locales, ["en", "ru"])
        _ = try h.provisioner.apply(try Harness.manifest("coffee-shop"), botToken: nil, blueprint: blueprint)
        h.registry.reload(try .init("coffee-shop"))
        let again = try claim("check-in", user: ru)
        XCTAssertEqual(again.status, 200, again.text)
        XCTAssertEqual(again.json["duplicate"] as? Bool, true)
        XCTAssertEqual(again.json["message"] as? String, "Уже получено")
        XCTAssertEqual(try claim("check-in").json["duplicate"] as? Bool, false)
        XCTAssertEqual(try claim("check-in").json["message"] as? String, "Already claimed")
    }

    func test_openSection_isClaimableAfterTheSectionWasOpened() throws {
        XCTAssertEqual(try claim("read-news").status, 409)
        XCTAssertEqual(try claim("read-news").errorCode, "quest_not_completed")
        XCTAssertEqual(try call("GET", "/api/v1/coffee-shop/screens/news").status, 200)
        let reply = try claim("read-news")
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(reply.json["awarded"] as? Int, 10)
        XCTAssertEqual(try claim("read-news").json["duplicate"] as? Bool, true)
        XCTAssertEqual(try ledgerSum(), 10)
    }

    func test_subscribeChannel_isVerifiedWithTheMembershipChecker() throws {
        let reply = try claim("follow")
        XCTAssertEqual(reply.status, 409, reply.text)
        XCTAssertEqual(reply.errorCode, "not_subscribed")
        membership.members.withLock { _ = $0.insert("@beanthere_coffee 424242") }
        let ok = try claim("follow")
        XCTAssertEqual(ok.status, 200, ok.text)
        XCTAssertEqual(ok.json["awarded"] as? Int, 50)
        // Claimed: no further Telegram calls, and nothing more awarded.
        XCTAssertEqual(try claim("follow").json["duplicate"] as? Bool, true)
        XCTAssertEqual(membership.calls.withLock { $0 }, ["coffee-shop @beanthere_coffee 424242", "coffee-shop @beanthere_coffee 424242"])
        XCTAssertEqual(try ledgerSum(), 50)
    }

    func test_unknownQuestOrSection_are404() throws {
        XCTAssertEqual(try claim("nope").errorCode, "quest_not_found")
        XCTAssertEqual(try call("POST", "/api/v1/coffee-shop/sections/menu/quests/check-in/claim", body: "{}").errorCode, "section_not_found")
    }

    func test_referralRewards_areGrantedOncePerFriend() throws {
        let ann = user(1, "Ann")
        let code = try XCTUnwrap((try state(user: ann)["referral"] as? [String: Any])?["start_param"] as? String)
        // Three friends open the app through the link, each several times.
        for friend in 2...4 {
            for _ in 0..<2 {
                XCTAssertEqual(try call("GET", "/api/v1/coffee-shop/app", user: user(Int64(friend), "F\(friend)"), startParam: code).status, 200)
            }
        }
        // Ann re-opening her own link, and a stranger with a malformed code, earn nothing.
        _ = try call("GET", "/api/v1/coffee-shop/app", user: ann, startParam: code)
        _ = try call("GET", "/api/v1/coffee-shop/app", user: user(9, "Zed"), startParam: "ref_x")
        _ = try call("GET", "/api/v1/coffee-shop/app", user: user(10, "Yan"), startParam: "ref_999999")
        var s = try state(user: ann)
        XCTAssertEqual(s["balance"] as? Int, 3 * 40)
        XCTAssertEqual((s["referral"] as? [String: Any])?["invited"] as? Int, 3)
        XCTAssertEqual(quest("bring-friends", in: s)["status"] as? String, "claimable")
        XCTAssertEqual(try claim("bring-friends", user: ann).json["awarded"] as? Int, 150)
        XCTAssertEqual(try claim("bring-friends", user: ann).json["duplicate"] as? Bool, true)
        s = try state(user: ann)
        XCTAssertEqual(s["balance"] as? Int, 3 * 40 + 150)
        let referralRows = try h.pool.query("SELECT count(*) FROM \(ident: schema).points_ledger WHERE reason = 'referral'").first!.decode(Int64.self, 0)
        XCTAssertEqual(referralRows, 3)
        let strangers = try h.pool.query(
            "SELECT count(*) FROM \(ident: schema).points_ledger l WHERE NOT EXISTS (SELECT 1 FROM \(ident: schema).participants p WHERE p.id = l.participant_id)"
        ).first!.decode(Int64.self, 0)
        XCTAssertEqual(strangers, 0)
    }

    func test_taps_serverEnforcesRateAndEnergy() throws {
        try enableTap(energyMax: 20, rate: 4)
        let s = try state()
        XCTAssertEqual((s["tap"] as? [String: Any])?["energy"] as? Int, 20)
        XCTAssertEqual(try call("POST", "/api/v1/coffee-shop/sections/beans/taps", body: #"{"taps": 1000000, "batch": "b0"}"#).status, 422)
        XCTAssertEqual(try call("POST", "/api/v1/coffee-shop/sections/beans/taps", body: #"{"taps": 5}"#).errorCode, "validation_failed")

        // A script: huge batches as fast as it can for ~1.5 s.
        let started = Date()
        var credited = 0
        var batches = 0
        while Date().timeIntervalSince(started) < 1.5 {
            let reply = try call("POST", "/api/v1/coffee-shop/sections/beans/taps", body: #"{"taps": 10000, "batch": "s\#(batches)"}"#)
            XCTAssertEqual(reply.status, 200, reply.text)
            credited += reply.json["credited"] as? Int ?? 0
            batches += 1
        }
        let elapsed = Date().timeIntervalSince(started)
        // Burst (3 s × 4) plus 4 per second of elapsed time, and never above the energy.
        XCTAssertLessThanOrEqual(credited, 12 + Int((4 * (elapsed + 0.1)).rounded(.up)))
        XCTAssertLessThanOrEqual(credited, 20 + 2)
        XCTAssertGreaterThanOrEqual(credited, 12)
        XCTAssertGreaterThan(batches, 3)
        XCTAssertEqual(try ledgerSum(), Int64(credited * 2))

        // A retried batch is not credited twice.
        let before = try ledgerSum()
        let retry = try call("POST", "/api/v1/coffee-shop/sections/beans/taps", body: #"{"taps": 10000, "batch": "s0"}"#)
        XCTAssertEqual(retry.json["duplicate"] as? Bool, true)
        XCTAssertEqual(try ledgerSum(), before)
    }

    /// docs/openapi.json says `taps` is an integer; JSON Schema counts `168.0` as one, so the server does too.
    func test_taps_integralNumberWithAFraction_isAnInteger() throws {
        try enableTap(energyMax: 20, rate: 4)
        let reply = try call("POST", "/api/v1/coffee-shop/sections/beans/taps", body: #"{"taps": 3.0, "batch": "f0"}"#)
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(reply.json["requested"] as? Int, 3)
        XCTAssertEqual(try call("POST", "/api/v1/coffee-shop/sections/beans/taps", body: #"{"taps": 2.5, "batch": "f1"}"#).status, 422)
    }

    func test_taps_whenTheGameIsOff_are404() throws {
        XCTAssertEqual(try call("POST", "/api/v1/coffee-shop/sections/beans/taps", body: #"{"taps": 1, "batch": "a"}"#).errorCode, "tap_disabled")
    }

    func test_ratings_rankTiesAndReturnTheCallersRowAndNeighbours() throws {
        // Seven participants: A 50, B 40, C 40, D 30, E 30 (the caller), F 30, G 10.
        let scores: [(Int64, String, Int64)] = [(11, "A", 50), (12, "B", 40), (13, "C", 40), (14, "D", 30), (15, "E", 30), (16, "F", 30), (17, "G", 10)]
        for (id, name, points) in scores {
            _ = try state(user: user(id, name))
            let participant = try h.pool.query("SELECT id FROM \(ident: schema).participants WHERE telegram_id = \(id)").first!.decode(Int64.self, 0)
            try h.pool.withConnection { conn in
                _ = try PointsLedger(schema: schema).award(
                    Award(participantID: participant, amount: points, reason: "test", reference: nil, idempotencyKey: "seed:\(id)"), at: Date(), conn)
            }
        }
        let reply = try call("GET", "/api/v1/coffee-shop/ratings/beans?period=all_time&limit=5", user: user(15, "E"))
        XCTAssertEqual(reply.status, 200, reply.text)
        let top = try XCTUnwrap(reply.json["top"] as? [[String: Any]])
        XCTAssertEqual(top.map { $0["rank"] as? Int }, [1, 2, 2, 4, 4])
        XCTAssertEqual(top.map { $0["name"] as? String }, ["A", "B", "C", "D", "E"])
        XCTAssertEqual(top.map { $0["is_me"] as? Bool }, [false, false, false, false, true])
        let me = try XCTUnwrap(reply.json["me"] as? [String: Any])
        XCTAssertEqual(me["rank"] as? Int, 4)
        XCTAssertEqual(me["points"] as? Int, 30)
        XCTAssertEqual((reply.json["above"] as? [[String: Any]])?.map { $0["name"] as? String }, ["C", "D"])
        XCTAssertEqual((reply.json["below"] as? [[String: Any]])?.map { $0["rank"] as? Int }, [4, 7])
        XCTAssertEqual(reply.json["participants"] as? Int, 7)

        // The board's first period is the default; a period it does not offer is a 422.
        XCTAssertEqual(try call("GET", "/api/v1/coffee-shop/ratings/beans").json["period"] as? String, "month")
        let bad = try call("GET", "/api/v1/coffee-shop/ratings/beans?period=week")
        XCTAssertEqual(bad.status, 422)
        XCTAssertEqual(bad.errorCode, "validation_failed")
        XCTAssertEqual(try call("GET", "/api/v1/coffee-shop/ratings/nope").errorCode, "board_not_found")
    }
}
