@testable import Kernel
import XCTest

final class TMAAuthenticatorTests: XCTestCase {
    func test_tmaCredentials_acceptsTheSchemeCaseInsensitivelyAndTrimsSpaces() {
        XCTAssertEqual(TMAAuthenticator.tmaCredentials("tma abc=1&hash=2"), "abc=1&hash=2")
        XCTAssertEqual(TMAAuthenticator.tmaCredentials("TMA  abc "), "abc")
        XCTAssertEqual(TMAAuthenticator.tmaCredentials("Tma x"), "x")
    }

    func test_tmaCredentials_rejectsOtherSchemesAndEmptyCredentials() {
        XCTAssertNil(TMAAuthenticator.tmaCredentials("Bearer abc"))
        XCTAssertNil(TMAAuthenticator.tmaCredentials("tma"))
        XCTAssertNil(TMAAuthenticator.tmaCredentials("tma    "))
        XCTAssertNil(TMAAuthenticator.tmaCredentials("tmax abc"))
        XCTAssertNil(TMAAuthenticator.tmaCredentials("tm abc"))
    }
}
