import Tenancy
import XCTest

final class TenantSlugTests: XCTestCase {
    func test_init_acceptsValidSlugs() throws {
        for raw in ["abc", "coffee-shop", "a1-2-3", String(repeating: "a", count: 40)] {
            XCTAssertEqual(try TenantSlug(raw).rawValue, raw)
        }
    }

    func test_init_rejectsInvalidSlugs() {
        for raw in ["ab", "1abc", "Abc", "a_bc", "abc!", "", String(repeating: "a", count: 41), "ab c", "аbc"] {
            XCTAssertThrowsError(try TenantSlug(raw), raw) { error in
                XCTAssertEqual(error as? TenancyError, .invalidSlug(raw))
            }
        }
    }

    func test_schema_mapsDashesToUnderscoresWithPrefix() throws {
        XCTAssertEqual(try TenantSlug("coffee-shop").schema.raw, "t_coffee_shop")
        XCTAssertEqual(try TenantSlug("coffee-shop").schema.quoted, "\"t_coffee_shop\"")
    }
}
