import TesseraJSON
import XCTest

final class JSONValueTests: XCTestCase {
    /// JSON Schema's `integer` is any number without a fraction, so `168.0` and `1e3` are integers too.
    func test_integerValue_takesIntegralNumbersWrittenAnyWay() throws {
        XCTAssertEqual(try JSONParser.parse(Array("168".utf8)).integerValue, 168)
        XCTAssertEqual(try JSONParser.parse(Array("168.0".utf8)).integerValue, 168)
        XCTAssertEqual(try JSONParser.parse(Array("-4263.0".utf8)).integerValue, -4263)
        XCTAssertEqual(try JSONParser.parse(Array("1e3".utf8)).integerValue, 1000)
        XCTAssertNil(try JSONParser.parse(Array("168.5".utf8)).integerValue)
        XCTAssertNil(try JSONParser.parse(Array("1e300".utf8)).integerValue)
        XCTAssertNil(try JSONParser.parse(Array(#""168""#.utf8)).integerValue)
        XCTAssertNil(try JSONParser.parse(Array("true".utf8)).integerValue)
    }
}
