import XCTest

@testable import People

final class CSVWriterTests: XCTestCase {
    func record(_ fields: [String?]) -> String {
        var out: [UInt8] = []
        CSVWriter.appendRecord(fields, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func test_plainFields_areWrittenAsIs_nilIsEmpty_recordsEndWithCRLF() {
        XCTAssertEqual(record(["a", nil, "Ünïcødé", ""]), "a,,Ünïcødé,\r\n")
    }

    func test_fieldsWithCommaQuoteOrLineBreak_areQuotedWithQuotesDoubled() {
        XCTAssertEqual(
            record(["a,b", "say \"hi\"", "two\nlines", "cr\rhere"]),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\"\r\n")
    }

    func test_cellsASpreadsheetWouldRunAsFormulas_getALeadingApostrophe() {
        XCTAssertEqual(record(["=1+2", "+7", "-3", "@SUM(A1)", "\tx", "a=b"]), "'=1+2,'+7,'-3,'@SUM(A1),'\tx,a=b\r\n")
        XCTAssertEqual(record(["=HYPERLINK(\"http://x\",\"y\")"]), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n")
    }

    func test_byteOrderMark_isUTF8s() {
        XCTAssertEqual(CSVWriter.byteOrderMark, [0xEF, 0xBB, 0xBF])
    }
}
