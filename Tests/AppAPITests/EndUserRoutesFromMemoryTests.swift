import AppAPI
import Foundation
import HTTP
import Kernel
import Telegram
import Tenancy
import XCTest

/// The end-user routes' answers from memory on the event loop (`EndUserRoutes.fromMemory`): the
/// same body as the worker's once everything is cached, and nil — the worker then answers in full
/// — whenever the answer needs the database or is a refusal.
final class EndUserRoutesFromMemoryTests: XCTestCase {
    var h: Harness!
    var router: Router!
    var staff = ""

    static let ann = TelegramUser(id: 720_001, firstName: "Ann", languageCode: "en")
    static let bob = TelegramUser(id: 720_002, firstName: "Bob", languageCode: "en")

    override func setUpWithError() throws {
        h = try Harness()
        // Its first connection moves every content version (`ContentVersions.changedAll`).
        h.awaitListening()
        router = AppServer.makeRouter(h.context)
        staff = try h.staffToken("coffee-shop", role: .manager)
    }

    override func tearDown() { h?.stop() }

    func initData(_ user: TelegramUser, _ slug: String = "coffee-shop") -> String { Harness.initData(slug, user: user) }

    /// What the event loop would answer, or nil.
    func inline(_ path: String, _ initData: String, etag: String? = nil) -> HTTPResponse? {
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "tma " + initData)
        if let etag { headers.add(name: "If-None-Match", value: etag) }
        return router.respondInline(to: HTTPRequest(method: .GET, target: path, headers: headers))
    }

    func get(_ path: String, _ initData: String) throws -> Harness.Reply {
        try h.get(path, headers: ["Authorization": "tma " + initData])
    }

    /// Asks the worker, then the event loop, until the loop answers; returns both. (The shop's first
    /// fill syncs the blueprint's products into the catalogue, and that write's notification moves
    /// the shop's version once, just after the worker cached the screen.)
    func warm(_ path: String, _ initData: String, file: StaticString = #filePath, line: UInt = #line) throws
        -> (worker: Harness.Reply, inline: HTTPResponse)
    {
        for _ in 0..<20 {
            let worker = try get(path, initData)
            XCTAssertEqual(worker.status, 200, worker.text, file: file, line: line)
            if let answer = inline(path, initData) { return (worker, answer) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("\(path) is never answered from memory", file: file, line: line)
        throw CancellationError()
    }

    func test_cachedManifestAndScreens_areAnsweredFromMemory_withTheWorkersBody() throws {
        let data = initData(Self.ann)
        let paths = ["/api/v1/coffee-shop/app", "/api/v1/coffee-shop/screens/top", "/api/v1/coffee-shop/screens/menu"]
        for path in paths { XCTAssertNil(inline(path, data), "\(path): a first sight upserts the participant") }
        for path in paths {
            let (worker, answer) = try warm(path, data)
            XCTAssertEqual(answer.status, 200)
            XCTAssertEqual(String(decoding: answer.body, as: UTF8.self), worker.text, path)
            if path.contains("/screens/") {
                let etag = try XCTUnwrap(answer.headers["ETag"])
                XCTAssertEqual(worker.headers.first { $0.key.lowercased() == "etag" }?.value, etag, path)
                XCTAssertEqual(inline(path, data, etag: etag)?.status, 304, path)
            }
        }
    }

    func test_aParticipantNotCachedYet_goesToTheWorker_evenForACachedScreen() throws {
        XCTAssertEqual(try get("/api/v1/coffee-shop/screens/top", initData(Self.ann)).status, 200)
        XCTAssertNotNil(inline("/api/v1/coffee-shop/screens/top", initData(Self.ann)))
        XCTAssertNil(inline("/api/v1/coffee-shop/screens/top", initData(Self.bob)))
        XCTAssertEqual(try get("/api/v1/coffee-shop/screens/top", initData(Self.bob)).status, 200)
        XCTAssertEqual(
            try h.pool.query("SELECT count(*) FROM t_coffee_shop.participants WHERE telegram_id = \(Self.bob.id)").first!
                .decode(Int64.self, 0), 1, "the worker recorded the newcomer")
    }

    func test_refusals_areLeftToTheWorker() throws {
        let path = "/api/v1/coffee-shop/screens/top"
        let data = initData(Self.ann)
        XCTAssertEqual(try get(path, data).status, 200)
        XCTAssertNotNil(inline(path, data))

        XCTAssertNil(inline(path, data.replacingOccurrences(of: "Ann", with: "Eve")), "tampered initData")
        XCTAssertNil(inline(path, initData(Self.ann, "events-club")), "another tenant's initData")
        XCTAssertNil(inline("/api/v1/nope-nope/screens/top", data), "unknown tenant")
        XCTAssertNil(inline("/api/v1/coffee-shop/screens/nope", data), "unknown section")

        let id = try h.pool.query("SELECT id FROM t_coffee_shop.participants WHERE telegram_id = \(Self.ann.id)").first!
            .decode(Int64.self, 0)
        let banned = try h.admin("POST", "/admin/api/v1/coffee-shop/participants/\(id)/ban", token: staff, body: ["reason": "spam"])
        XCTAssertEqual(banned.status, 201, banned.text)
        XCTAssertNil(inline(path, initData(Self.ann)), "banned")
        XCTAssertEqual(try get(path, initData(Self.ann)).errorCode, "banned")
        XCTAssertNil(inline(path, initData(Self.ann)), "still banned, now cached")

        try h.provisioner.setStatus(try TenantSlug("coffee-shop"), .suspended)
        h.registry.reload(try TenantSlug("coffee-shop"))
        XCTAssertNil(inline("/api/v1/coffee-shop/app", initData(Self.bob)), "suspended tenant")
        XCTAssertEqual(try get("/api/v1/coffee-shop/app", initData(Self.bob)).errorCode, "tenant_suspended")
    }

    /// coffee-shop's `read-news` quest waits for the news section: a visit this server has not
    /// recorded sends the request to the worker, which records it, though the screen is cached.
    func test_aSectionVisitAQuestWaitsFor_isRecordedByTheWorker() throws {
        let path = "/api/v1/coffee-shop/screens/news"
        _ = try warm(path, initData(Self.ann))
        _ = try warm("/api/v1/coffee-shop/screens/top", initData(Self.ann))
        XCTAssertEqual(try get("/api/v1/coffee-shop/app", initData(Self.bob)).status, 200)
        XCTAssertNil(inline(path, initData(Self.bob)), "Bob's is not yet")
        XCTAssertNotNil(inline("/api/v1/coffee-shop/screens/top", initData(Self.bob)), "no quest waits for top")
        _ = try warm(path, initData(Self.bob))
        let visits = try h.pool.query(
            """
            SELECT count(*) FROM t_coffee_shop.section_visits v JOIN t_coffee_shop.participants p ON p.id = v.participant_id
            WHERE v.section = 'news' AND p.telegram_id IN (\(Self.ann.id), \(Self.bob.id))
            """
        ).first!.decode(Int64.self, 0)
        XCTAssertEqual(visits, 2)
    }

    /// A live screen is answered from memory only for its current content version and without a query.
    func test_aLiveScreen_isLeftToTheWorker_afterAChange_andWithAQuery() throws {
        let path = "/api/v1/coffee-shop/screens/menu"
        let data = initData(Self.ann)
        _ = try warm(path, data)
        XCTAssertNil(inline(path + "?category=coffee", data), "a query's feed is read per request")

        let schema = h.registry.tenant("coffee-shop")!.schema
        h.context.content.changed(schema, area: "shop")
        XCTAssertNil(inline(path, data), "the content moved on")
        _ = try warm(path, data)
    }
}
