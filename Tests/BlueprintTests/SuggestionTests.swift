@testable import Blueprint
import XCTest

final class SuggestionTests: XCTestCase {
    func test_distance_countsTranspositionAsOneEdit() {
        XCTAssertEqual(Suggestion.distance(Array("titel".unicodeScalars), Array("title".unicodeScalars)), 1)
        XCTAssertEqual(Suggestion.distance(Array("shopp".unicodeScalars), Array("shop".unicodeScalars)), 1)
        XCTAssertEqual(Suggestion.distance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars)), 3)
        XCTAssertEqual(Suggestion.distance(Array("".unicodeScalars), Array("abc".unicodeScalars)), 3)
    }

    func test_closest_picksNearestWithinLengthScaledLimit() {
        XCTAssertEqual(Suggestion.closest(to: "shopp", among: ["news", "shop", "events"]), "shop")
        XCTAssertEqual(Suggestion.closest(to: "Events", among: ["news", "shop", "events"]), "events")
        XCTAssertEqual(Suggestion.closest(to: "energy_regen", among: ["energy_max", "energy_regen_per_minute"]), nil)
        XCTAssertEqual(Suggestion.closest(to: "pointsname", among: ["points_name", "quests"]), "points_name")
        XCTAssertNil(Suggestion.closest(to: "xyz", among: ["news", "shop"]))
        XCTAssertNil(Suggestion.closest(to: "ab", among: ["cd"]))
    }
}
