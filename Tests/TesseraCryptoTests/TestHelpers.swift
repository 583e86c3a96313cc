import XCTest

@testable import TesseraCrypto

/// Decodes a hex literal from a published test vector; fails the test on a typo.
func hex(_ string: String, file: StaticString = #filePath, line: UInt = #line) -> [UInt8] {
    guard let bytes = Hex.decode(string.filter { !$0.isWhitespace }) else {
        XCTFail("bad hex literal in test", file: file, line: line)
        return []
    }
    return bytes
}

func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }
