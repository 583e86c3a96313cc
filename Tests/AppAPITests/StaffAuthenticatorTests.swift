import Foundation
import Kernel
import Postgres
import Staff
import XCTest

final class StaffAuthenticatorTests: XCTestCase {
    var h: Harness!

    override func setUpWithError() throws { h = try Harness() }
    override func tearDown() { h?.stop() }

    func test_adminAPI_refusesMissingWrongRevokedAndForeignTokens() throws {
        let path = "/admin/api/v1/events-club/news"
        let missing = try h.call("GET", path)
        XCTAssertEqual(missing.status, 401)
        XCTAssertEqual(missing.errorCode, "token_missing")
        XCTAssertEqual(missing.headers["www-authenticate"], "Bearer")

        let scheme = try h.call("GET", path, headers: ["Authorization": "tma " + Harness.initData("events-club")])
        XCTAssertEqual(scheme.status, 401)
        XCTAssertEqual(scheme.errorCode, "auth_scheme_unsupported")

        let wrong = try h.admin("GET", path, token: StaffToken.generate().value)
        XCTAssertEqual(wrong.status, 401)
        XCTAssertEqual(wrong.errorCode, "token_invalid")
        XCTAssertEqual(try h.admin("GET", path, token: "garbage").status, 401)

        let token = try h.staffToken("events-club")
        XCTAssertEqual(try h.admin("GET", path, token: token).status, 200)

        // A token of coffee-shop opens coffee-shop only: same body shape, 403, no data written.
        let foreign = try h.staffToken("coffee-shop")
        let other = try h.admin("POST", path, token: foreign, body: ["title": "Nope", "section": "news"])
        XCTAssertEqual(other.status, 403)
        XCTAssertEqual(other.errorCode, "forbidden")
        XCTAssertNotNil((other.json["error"] as? [String: Any])?["message"] as? String)
        XCTAssertEqual(try h.admin("GET", "/admin/api/v1/no-such-tenant/news", token: foreign).status, 403)
        XCTAssertEqual(try h.count("SELECT count(*) FROM t_events_club.news_posts"), 0)

        let id = try h.pool.query(SQL(unsafe: "SELECT id FROM platform.api_tokens WHERE token_hash = '\(StaffToken.hash(token))'")).first!
            .decode(Int64.self, 0)
        let tenantID = try h.tenantID("events-club")
        XCTAssertTrue(try h.pool.withConnection { try StaffTokenStore().revoke(id: id, tenantID: tenantID, $0) })
        let revoked = try h.admin("GET", path, token: token)
        XCTAssertEqual(revoked.status, 401)
        XCTAssertEqual(revoked.errorCode, "token_invalid")
    }

    func test_tokens_areStoredOnlyAsHashes() throws {
        let token = try h.staffToken("events-club", role: .owner)
        let rows = try h.pool.query("SELECT token_hash, role FROM platform.api_tokens")
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(try rows.first!.decode(String.self, 0), StaffToken.hash(token))
        XCTAssertEqual(try rows.first!.decode(String.self, 1), "owner")
        let everything = try h.pool.query("SELECT row_to_json(t)::text FROM platform.api_tokens t").first!.decode(String.self, 0)
        XCTAssertFalse(everything.contains(token.dropFirst(4)))
    }
}
