import Foundation
import Telegram
import XCTest

@testable import Tenancy

final class CacheBudgetTests: XCTestCase {
    /// An hour from now, taken when asked: XCTest builds every case's instance when the run
    /// starts, so a stored property would already be in the past minutes later.
    var later: Date { Date().addingTimeInterval(3_600) }

    func entry(_ bytes: Int) -> ResponseCache.Entry {
        ResponseCache.Entry(body: Array(repeating: 0x61, count: bytes), etag: "\"e\"", expires: later)
    }

    /// Two tenants' caches share one budget: the total stays within it, the cache that would
    /// cross it starts over, and a replaced entry is charged once.
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
        XCTAssertLessThan(b.usage.entries, 3, "b crossed the limit and started over")
        XCTAssertNotNil(b.get("b2", now: Date()), "the entry that crossed it is kept")

        for i in 0..<100 { a.put("a-more-\(i)", entry(1_000)) }
        XCTAssertLessThanOrEqual(budget.bytes, budget.limit)
        XCTAssertEqual(budget.bytes, a.usage.bytes + b.usage.bytes)
    }

    func test_aCacheThatGoesAway_givesItsBytesBack() {
        let budget = CacheBudget(limit: 1 << 20)
        var cache: ResponseCache? = ResponseCache(budget: budget)
        cache?.put("k", entry(5_000))
        XCTAssertGreaterThan(budget.bytes, 5_000)
        cache = nil
        XCTAssertEqual(budget.bytes, 0)
    }

    func test_theEntryCountBound_stillHolds() {
        let cache = ResponseCache(capacity: 4, budget: CacheBudget(limit: 1 << 20))
        for i in 0..<5 { cache.put("k\(i)", entry(10)) }
        XCTAssertEqual(cache.usage.entries, 1)
    }

    func test_initDataCache_isChargedToTheSameBudget() {
        let budget = CacheBudget(limit: 2_000)
        let responses = ResponseCache(budget: budget)
        let initData = InitDataCache(budget: budget)
        responses.put("screen", entry(1_500))
        let data = InitData(user: TelegramUser(id: 1, firstName: "Ann"), authDate: Date())
        let raw = String(repeating: "x", count: 300)
        initData.put(raw, data: data, expires: later)
        XCTAssertEqual(initData.usage.entries, 1)
        XCTAssertEqual(budget.bytes, responses.usage.bytes + initData.usage.bytes)
        XCTAssertLessThanOrEqual(budget.bytes, budget.limit + initData.usage.bytes)
    }
}
