import Telegram
import XCTest

final class RetryPolicyTests: XCTestCase {
    let policy = RetryPolicy(maxAttempts: 3, maxRetryAfter: 10, baseBackoff: 0.5)

    func test_decide_429WaitsExactlyRetryAfter() {
        XCTAssertEqual(policy.decide(after: .tooManyRequests(retryAfter: 4), attempt: 1), .retry(afterSeconds: 4))
    }

    func test_decide_429LongerThanTheLimitIsHandedToTheCaller() {
        XCTAssertEqual(policy.decide(after: .tooManyRequests(retryAfter: 11), attempt: 1), .giveUp)
    }

    func test_decide_stopsAfterMaxAttempts() {
        XCTAssertEqual(policy.decide(after: .tooManyRequests(retryAfter: 1), attempt: 3), .giveUp)
    }

    func test_decide_serverErrorsBackOffExponentially() {
        XCTAssertEqual(policy.decide(after: .other(code: 502, description: ""), attempt: 1), .retry(afterSeconds: 0.5))
        XCTAssertEqual(policy.decide(after: .other(code: 500, description: ""), attempt: 2), .retry(afterSeconds: 1))
    }

    func test_decide_networkErrorsRetryOnlyWhenTheRequestCannotHaveBeenSent() {
        XCTAssertEqual(
            policy.decide(after: .network("refused"), attempt: 1, requestMayHaveBeenSent: false),
            .retry(afterSeconds: 0.5))
        XCTAssertEqual(policy.decide(after: .network("timed out"), attempt: 1, requestMayHaveBeenSent: true), .giveUp)
    }

    func test_decide_clientErrorsAreFinal() {
        XCTAssertEqual(policy.decide(after: .badRequest("x"), attempt: 1), .giveUp)
        XCTAssertEqual(policy.decide(after: .forbidden("x", blocked: true), attempt: 1), .giveUp)
        XCTAssertEqual(policy.decide(after: .unauthorized, attempt: 1), .giveUp)
    }
}
