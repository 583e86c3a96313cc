import TesseraJSON
import XCTest

final class JSONObjectTests: XCTestCase {
    func test_subscript_setAppendsReplacesAndRemoves() {
        var object = JSONObject()
        object["a"] = 1
        object["b"] = 2
        object["a"] = 3
        XCTAssertEqual(object.keys, ["a", "b"])
        XCTAssertEqual(object["a"], 3)
        object["a"] = nil
        XCTAssertEqual(object.keys, ["b"])
        XCTAssertNil(object["a"])
    }

    func test_largeObjects_stayConsistentAcrossTheIndexThreshold() {
        var object = JSONObject()
        for index in 0..<40 { object["k\(index)"] = .int(Int64(index)) }
        XCTAssertEqual(object["k39"], 39)
        object.removeValue(forKey: "k0")
        XCTAssertEqual(object["k1"], 1)
        XCTAssertEqual(object.keys.first, "k1")
        XCTAssertFalse(object.insertNew(0, forKey: "k5"))
        XCTAssertTrue(object.insertNew(0, forKey: "k0"))
        XCTAssertEqual(object.keys.last, "k0")
        XCTAssertEqual(Array(object).count, 40)
    }

    func test_equality_ignoresMemberOrder() {
        XCTAssertEqual(JSONObject([("a", 1), ("b", 2)]), JSONObject([("b", 2), ("a", 1)]))
        XCTAssertNotEqual(JSONObject([("a", 1), ("b", 2)]), JSONObject([("a", 1), ("b", 3)]))
        XCTAssertNotEqual(JSONObject([("a", 1)]), JSONObject([("a", 1), ("b", 2)]))
    }

    func test_iteration_followsInsertionOrder() {
        let object: JSONObject = ["z": 1, "y": 2, "x": 3]
        XCTAssertEqual(object.map(\.key), ["z", "y", "x"])
    }

    func test_accessors_returnTypedValuesOrNil() {
        let value: JSONValue = ["s": "x", "i": 2, "d": 2.5, "b": true, "a": [1], "n": nil]
        XCTAssertEqual(value["s"]?.stringValue, "x")
        XCTAssertEqual(value["i"]?.intValue, 2)
        XCTAssertEqual(value["i"]?.doubleValue, 2)
        XCTAssertEqual(value["d"]?.doubleValue, 2.5)
        XCTAssertNil(value["d"]?.intValue)
        XCTAssertEqual(value["b"]?.boolValue, true)
        XCTAssertEqual(value["a"]?.arrayValue, [1])
        XCTAssertEqual(value["n"]?.isNull, true)
        XCTAssertNil(value["s"]?.objectValue)
        XCTAssertNil(value["missing"])
        XCTAssertEqual(value["a"]?[0], 1)
    }
}
