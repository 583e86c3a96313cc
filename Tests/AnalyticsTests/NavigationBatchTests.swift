import Analytics
import Foundation
import XCTest

final class NavigationBatchTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    var nowMillis: Int64 { Int64(now.timeIntervalSince1970 * 1_000) }

    func parse(_ json: String) throws -> [NavigationEvent] {
        try NavigationBatch.parse(Array(json.utf8), now: now)
    }

    func problem(_ json: String) -> NavigationBatch.Problem? {
        do {
            _ = try parse(json)
            return nil
        } catch {
            return error as? NavigationBatch.Problem
        }
    }

    func test_parse_readsEveryField() throws {
        let events = try parse(
            #"{"events":[{"kind":"screen_view","screen":"menu","at":\#(nowMillis)},{"kind":"action","screen":"menu","target":"buy","at":\#(nowMillis - 5000),"props":{"n":1}}]}"#)
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events[0], NavigationEvent(kind: "screen_view", screen: "menu", target: nil, occurredAt: now, properties: nil))
        XCTAssertEqual(events[1].target, "buy")
        XCTAssertEqual(events[1].properties, #"{"n":1}"#)
        XCTAssertEqual(events[1].occurredAt.timeIntervalSince1970, now.timeIntervalSince1970 - 5, accuracy: 0.001)
    }

    func test_parse_namesTheInvalidField() {
        XCTAssertEqual(problem("nope")?.field, "body")
        XCTAssertEqual(problem(#"{"events":[]}"#)?.field, "events")
        XCTAssertEqual(problem(#"{"events":[{"kind":"Screen View","at":\#(nowMillis)}]}"#)?.field, "events[0].kind")
        XCTAssertEqual(problem(#"{"events":[{"kind":"x","at":"yesterday"}]}"#)?.field, "events[0].at")
        XCTAssertEqual(problem(#"{"events":[{"kind":"x","at":\#(nowMillis + 3_600_000)}]}"#)?.field, "events[0].at")
        XCTAssertEqual(problem(#"{"events":[{"kind":"x","at":\#(nowMillis - 8 * 86_400_000)}]}"#)?.field, "events[0].at")
        XCTAssertEqual(problem(#"{"events":[{"kind":"x","at":\#(nowMillis),"extra":1}]}"#)?.field, "events[0].extra")
        XCTAssertEqual(problem(#"{"events":[{"kind":"x","at":\#(nowMillis),"props":[1]}]}"#)?.field, "events[0].props")
        let big = String(repeating: "a", count: 1_100)
        XCTAssertEqual(problem(#"{"events":[{"kind":"x","at":\#(nowMillis),"props":{"k":"\#(big)"}}]}"#)?.field, "events[0].props")
        let many = Array(repeating: #"{"kind":"x","at":\#(nowMillis)}"#, count: 101).joined(separator: ",")
        XCTAssertEqual(problem(#"{"events":[\#(many)]}"#)?.field, "events")
    }
}
