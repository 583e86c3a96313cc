import AppAPI
import Foundation
import HTTP
import Kernel
import XCTest

/// Keeps docs/openapi.json in step with the router: every route is documented and nothing else.
final class OpenAPITests: XCTestCase {
    func test_openAPI_documentsExactlyTheRoutesOfTheRouter() throws {
        let h = try Harness()
        defer { h.stop() }
        let context = try AppContext(registry: h.registry, pool: h.pool, initDataMaxAge: 86_400, logger: h.logger)
        let router = AppServer.makeRouter(context)
        let routes = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \($0.pattern.replacingOccurrences(of: "...}", with: "}"))" })

        let data = try Data(contentsOf: Harness.repoRoot.appendingPathComponent("docs/openapi.json"))
        let spec = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(spec["openapi"] as? String, "3.1.0")
        let paths = try XCTUnwrap(spec["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, operations) in paths {
            for (method, operation) in operations {
                documented.insert("\(method) \(path)")
                let responses = (operation as? [String: Any])?["responses"] as? [String: Any]
                XCTAssertFalse(responses?.isEmpty ?? true, "\(method) \(path) documents no responses")
            }
        }
        XCTAssertEqual(routes.subtracting(documented), [], "routes missing from docs/openapi.json")
        XCTAssertEqual(documented.subtracting(routes), [], "documented paths the router does not serve")
    }
}
