import Foundation
import Staff
import XCTest

/// The pure policy, without a database.
final class SignInRateLimitTests: XCTestCase {
    let rule = SignInRateLimit(limit: 3, window: 600)
    let now = Date(timeIntervalSince1970: 1_000_000)

    func ago(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(-seconds) }

    func test_decide_allowsBelowTheLimit() {
        XCTAssertEqual(rule.decide(failures: [], now: now), .allowed)
        XCTAssertEqual(rule.decide(failures: [ago(10), ago(20)], now: now), .allowed)
    }

    func test_decide_refusesAtTheLimit_untilTheOldestCountingFailureLeavesTheWindow() {
        // Failures 100, 200 and 300 s ago: the one 300 s ago leaves the window in 300 s.
        XCTAssertEqual(rule.decide(failures: [ago(100), ago(300), ago(200)], now: now), .retryAfter(seconds: 300))
    }

    func test_decide_withMoreFailuresThanTheLimit_waitsForEnoughToLeave() {
        // Five failures; two more must leave before a third-most-recent is out: 10, 20, [30], 40, 50 s ago.
        XCTAssertEqual(
            rule.decide(failures: [ago(50), ago(40), ago(30), ago(20), ago(10)], now: now), .retryAfter(seconds: 570))
    }

    func test_decide_ignoresFailuresOutsideTheWindowAndInTheFuture() {
        XCTAssertEqual(
            rule.decide(failures: [ago(601), ago(700), ago(5), ago(6), now.addingTimeInterval(30)], now: now), .allowed)
        XCTAssertEqual(
            rule.decide(failures: [ago(600), ago(5), ago(6)], now: now), .allowed,
            "a failure exactly window ago has left")
    }

    func test_decide_roundsUpAndWaitsAtLeastOneSecond() {
        XCTAssertEqual(rule.decide(failures: [ago(599.5), ago(1), ago(2)], now: now), .retryAfter(seconds: 1))
        XCTAssertEqual(rule.decide(failures: [ago(598.2), ago(1), ago(2)], now: now), .retryAfter(seconds: 2))
    }

    func test_combine_takesTheLongestWait() {
        XCTAssertEqual(SignInRateLimit.combine([.allowed, .allowed]), .allowed)
        XCTAssertEqual(
            SignInRateLimit.combine([.retryAfter(seconds: 5), .allowed, .retryAfter(seconds: 90)]),
            .retryAfter(seconds: 90))
    }

    func test_defaults() {
        XCTAssertEqual(SignInRateLimit.perAccount, SignInRateLimit(limit: 5, window: 900))
        XCTAssertEqual(SignInRateLimit.perAddress, SignInRateLimit(limit: 20, window: 900))
    }
}
