import Kernel
import XCTest

final class JobBackoffTests: XCTestCase {
    func test_nominalDelay_doublesPerAttemptUpToTheCap() {
        let backoff = JobBackoff(base: 2, cap: 60, jitter: 0.5)
        XCTAssertEqual((1...7).map { backoff.nominalDelay(afterAttempt: $0) }, [2, 4, 8, 16, 32, 60, 60])
        XCTAssertEqual(backoff.nominalDelay(afterAttempt: 10_000), 60)
    }

    func test_delay_isJitteredDownwardsWithinTheJitterFraction() {
        let backoff = JobBackoff(base: 10, cap: 3600, jitter: 0.5)
        XCTAssertEqual(backoff.delay(afterAttempt: 3, unit: 0), 40)
        XCTAssertEqual(backoff.delay(afterAttempt: 3, unit: 1), 20)
        for _ in 0..<100 {
            XCTAssertTrue((20...40).contains(backoff.delay(afterAttempt: 3)))
        }
    }

    func test_init_clampsNonsense() {
        let backoff = JobBackoff(base: -1, cap: -5, jitter: 3)
        XCTAssertEqual(backoff.base, 0)
        XCTAssertEqual(backoff.cap, 0)
        XCTAssertEqual(backoff.jitter, 1)
    }
}
