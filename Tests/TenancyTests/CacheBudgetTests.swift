import Foundation
import Telegram
import XCTest

@testable import Tenancy

final class CacheBudgetTests: XCTestCase {
    /// An hour from now, taken when asked: XCTest builds every case's instance when the run
    /// starts, so a stored property would already be in the past minutes later.
    var later: Date { Date().addingTimeInterval(3_600) }

    func entry(_ bytes: Int, expires: Date? = nil) -> ResponseCache.Entry {
        ResponseCache.Entry(body: Array(repeating: 0x61, count: bytes), etag: "\"e\"", expires: expires ?? later)
    }

    /// Two tenants' caches share one budget: the total stays within it, a replaced entry is
    /// charged once, and a write that would cross it empties the largest cache, not the writer.
    func test_cachesSharingABudget_neverHoldMoreThanIt() {
        let budget = CacheBudget(limit: 10_000)
        let a = ResponseCache(budget: budget)
        let b = ResponseCache(budget: budget)
        for i in 0..<8 { a.put("a\(i)", entry(1_000)) }
        XCTAssertEqual(a.usage.entries, 8)
        XCTAssertEqual(budget.bytes, a.usage.bytes)
        a.put("a0", entry(1_000))
        XCTAssertEqual(a.usage.entries, 8, "a replaced entry is charged once")
        XCTAssertEqual(budget.bytes, a.usage.bytes)

        for i in 0..<3 { b.put("b\(i)", entry(1_000)) }
        XCTAssertLessThanOrEqual(budget.bytes, budget.limit)
        XCTAssertEqual(budget.bytes, a.usage.bytes + b.usage.bytes)
        XCTAssertEqual(a.usage.entries, 0, "the largest cache made room")
        XCTAssertEqual(b.usage.entries, 3)
        XCTAssertNotNil(b.get("b2", now: Date()))

        for i in 0..<100 { a.put("a-more-\(i)", entry(1_000)) }
        XCTAssertLessThanOrEqual(budget.bytes, budget.limit)
        XCTAssertEqual(budget.bytes, a.usage.bytes + b.usage.bytes)
    }

    /// A tenant that went quiet holds only expired entries: another's write takes those first
    /// and empties no cache.
    func test_expiredEntriesOfAQuietCache_areReclaimedBeforeAnyCacheIsEmptied() {
        let budget = CacheBudget(limit: 10_000)
        let quiet = ResponseCache(budget: budget)
        let busy = ResponseCache(budget: budget)
        let past = Date().addingTimeInterval(-1)
        for i in 0..<6 { quiet.put("q\(i)", entry(1_000, expires: past)) }
        quiet.put("fresh", entry(500))
        for i in 0..<3 { busy.put("b\(i)", entry(1_000)) }
        XCTAssertEqual(quiet.usage.entries, 1, "the expired entries went")
        XCTAssertNotNil(quiet.get("fresh", now: Date()), "and only they")
        XCTAssertEqual(busy.usage.entries, 3)
        XCTAssertEqual(budget.bytes, quiet.usage.bytes + busy.usage.bytes)
        XCTAssertLessThanOrEqual(budget.bytes, budget.limit)
    }

    func test_aCacheThatGoesAway_givesItsBytesBack() {
        let budget = CacheBudget(limit: 1 << 20)
        var cache: ResponseCache? = ResponseCache(budget: budget)
        cache?.put("k", entry(5_000))
        XCTAssertGreaterThan(budget.bytes, 5_000)
        cache = nil
        XCTAssertEqual(budget.bytes, 0)
        // Nor is it asked to make room any more.
        let other = ResponseCache(budget: budget)
        other.put("big", entry((1 << 20) - 200))
        XCTAssertEqual(other.usage.entries, 1)
    }

    func test_theEntryCountBound_stillHolds() {
        let cache = ResponseCache(capacity: 4, budget: CacheBudget(limit: 1 << 20))
        for i in 0..<5 { cache.put("k\(i)", entry(10)) }
        XCTAssertEqual(cache.usage.entries, 1)
        cache.put("k4", entry(20))
        XCTAssertEqual(cache.usage.entries, 1, "replacing an entry is not a new one")
    }

    func test_initDataCache_isChargedToTheSameBudget() throws {
        let budget = CacheBudget(limit: 2_000)
        let responses = ResponseCache(budget: budget)
        let initData = InitDataCache(budget: budget)
        responses.put("screen", entry(1_500))
        let raw = InitDataSigner.sign(user: TelegramUser(id: 1, firstName: "Ann"), authDate: Date(), botToken: Self.token)
        initData.put(raw, data: try Self.validator.validate(raw), expires: later)
        XCTAssertEqual(initData.usage.entries, 1)
        XCTAssertEqual(budget.bytes, responses.usage.bytes + initData.usage.bytes)
    }

    static let token = "123456:cache-budget-test-token"
    static let validator = InitDataValidator(botToken: token)

    /// One signed initData, re-encoded (fields reordered, a byte percent-escaped), still
    /// validates; each form takes the same one entry, and a hit needs the very string kept.
    func test_initDataCache_keepsOneEntryPerSignedInitData_whateverItsEncoding() throws {
        let cache = InitDataCache(budget: CacheBudget(limit: 1 << 20))
        let raw = InitDataSigner.sign(
            user: TelegramUser(id: 7, firstName: "Ann"), authDate: Date(), startParam: "abc", botToken: Self.token)
        let pairs = raw.split(separator: "&").map(String.init)
        var variants = [raw, pairs.reversed().joined(separator: "&")]
        for (i, pair) in pairs.enumerated() where pair.hasPrefix("start_param=") {
            var escaped = pairs
            escaped[i] = pair.replacingOccurrences(of: "abc", with: "%61bc")
            variants.append(escaped.joined(separator: "&"))
        }
        XCTAssertEqual(variants.count, 3)
        for variant in variants {
            let data = try Self.validator.validate(variant)
            XCTAssertNil(cache.get(variant, now: Date()), "a form not kept yet is validated afresh")
            cache.put(variant, data: data, expires: later)
            XCTAssertEqual(cache.get(variant, now: Date())?.user.id, 7)
            XCTAssertEqual(cache.usage.entries, 1)
        }
        XCTAssertNil(cache.get(raw, now: Date()), "the kept form is the last one validated")
        XCTAssertNil(cache.get(raw + "&x=1", now: Date()))
        XCTAssertNil(cache.get(variants[2], now: later.addingTimeInterval(1)), "expired")
    }

    func test_hashField_readsTheRawValueOfTheHashPair() {
        XCTAssertEqual(InitDataCache.hashField("a=1&hash=ab%63&b=2"), "ab%63")
        XCTAssertEqual(InitDataCache.hashField("hash=x"), "x")
        XCTAssertEqual(InitDataCache.hashField("a=1&hash="), "")
        XCTAssertNil(InitDataCache.hashField("a=1&xhash=2&hashy=3"))
        XCTAssertNil(InitDataCache.hashField(""))
    }
}
