import XCTest

@testable import Kernel

final class JobErrorTextTests: XCTestCase {
    func test_sanitize_redactsBotTokensOnly() {
        let token = "123456789:FAKEtokenFORtestsONLYnotAREALbot00"
        XCTAssertEqual(JobErrorText.sanitize("bot\(token)/getMe"), "bot<redacted>/getMe")
        XCTAssertEqual(JobErrorText.sanitize("\(token) and \(token)"), "<redacted> and <redacted>")
        // Times, ports and short ids stay readable.
        for kept in ["at 12:30:00", "localhost:5432", "update 123456:abc", "chat 42: not found"] {
            XCTAssertEqual(JobErrorText.sanitize(kept), kept)
        }
    }

    func test_sanitize_capsTheLengthAndReplacesNUL() {
        // "e" + a combining accent: one Character, two scalars — PostgreSQL counts two.
        let long = JobErrorText.sanitize(String(repeating: "e\u{301}", count: 5000))
        XCTAssertEqual(long.unicodeScalars.count, JobErrorText.maxLength)
        XCTAssertTrue(long.hasSuffix("…"))
        XCTAssertEqual(JobErrorText.sanitize("a\u{0}b"), "a\u{FFFD}b")
        XCTAssertEqual(JobErrorText.sanitize(""), "(no message)")
    }
}
