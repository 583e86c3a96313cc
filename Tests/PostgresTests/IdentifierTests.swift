import Postgres
import XCTest

final class IdentifierTests: XCTestCase {
    func test_init_acceptsLowercaseNames() throws {
        for name in ["a", "_", "tenant_cafe", "t1", "_x9", String(repeating: "a", count: 63)] {
            let identifier = try Identifier(name)
            XCTAssertEqual(identifier.raw, name)
            XCTAssertEqual(identifier.quoted, "\"\(name)\"")
        }
    }

    func test_init_rejectsEverythingElse() {
        let bad = [
            "", "1abc", "Abc", "a-b", "a b", "a\"b", "a;drop", "ä", String(repeating: "a", count: 64), "a\u{0}",
            "tenant.cafe",
        ]
        for name in bad {
            XCTAssertThrowsError(try Identifier(name), name) { error in
                XCTAssertEqual((error as? PostgresError)?.kind, .configuration)
            }
        }
    }

    func test_hashable_equalForEqualNames() throws {
        XCTAssertEqual(try Identifier("x"), try Identifier("x"))
        XCTAssertEqual(Set([try Identifier("x"), try Identifier("x"), try Identifier("y")]).count, 2)
    }
}
