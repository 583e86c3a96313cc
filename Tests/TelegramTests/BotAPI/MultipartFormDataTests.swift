import XCTest

@testable import Telegram

final class MultipartFormDataTests: XCTestCase {
    func test_encoded_writesFieldsAndFilesWithCRLF() {
        var form = MultipartFormData()
        form.add(name: "chat_id", value: "42")
        form.add(name: "document", fileName: "a.txt", contentType: "text/plain", bytes: Array("hi".utf8))
        let expected =
            "--XYZ\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n42\r\n"
            + "--XYZ\r\nContent-Disposition: form-data; name=\"document\"; filename=\"a.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\nhi\r\n--XYZ--\r\n"
        XCTAssertEqual(form.encoded(boundary: "XYZ"), Array(expected.utf8))
    }

    func test_encoded_keepsBinaryBytesQuotesAndUTF8() {
        var form = MultipartFormData()
        let bytes = (0...255).map { UInt8($0) }
        form.add(name: "document", fileName: "Счёт \"май\".pdf", contentType: "application/pdf", bytes: bytes)
        let body = form.encoded(boundary: "B")
        let head = Array(
            "--B\r\nContent-Disposition: form-data; name=\"document\"; filename=\"Счёт \"май\".pdf\"\r\n".utf8)
        XCTAssertEqual(Array(body.prefix(head.count)), head)
        let start = body.count - bytes.count - "\r\n--B--\r\n".utf8.count
        XCTAssertEqual(Array(body[start..<(start + 256)]), bytes)
    }

    func test_encoded_replacesWhatTheBotAPIServerCannotCarryInANameWithUnderscores() {
        XCTAssertEqual(MultipartFormData.parameterValue("a;b\r\nc\0d\"é"), "a_b__c_d\"é")
        XCTAssertEqual(MultipartFormData.headerValue("text/plain\r\nX-Evil: 1"), "text/plainX-Evil: 1")
    }

    func test_encoded_boundaryNeverOccursInThePayload() {
        for _ in 0..<20 {
            var form = MultipartFormData()
            // A payload made of boundary-like text: every random boundary starts with this prefix.
            form.add(
                name: "document", fileName: "b", contentType: "x/y", bytes: Array("--tessera-\r\n--tessera-0".utf8))
            let (contentType, body) = form.encoded()
            let boundary = String(contentType.dropFirst("multipart/form-data; boundary=".count))
            XCTAssertEqual(boundary.count, 40)
            XCTAssertLessThanOrEqual(boundary.count, 70, "RFC 2046")
            let needle = Array("--\(boundary)".utf8)
            XCTAssertFalse(MultipartFormData.find(needle, in: form.parts[0].bytes))
            XCTAssertTrue(MultipartFormData.find(needle, in: body))
        }
    }

    func test_encoded_drawsAnotherBoundaryWhenAPartContainsIt() {
        var form = MultipartFormData()
        form.add(name: "document", fileName: "--zz8", contentType: "x/y", bytes: Array("ab--zz9cd".utf8))
        var drawn = ["zz9", "zz8", "zz7"].makeIterator()
        let (contentType, body) = form.encoded { drawn.next()! }
        XCTAssertEqual(contentType, "multipart/form-data; boundary=zz7")
        XCTAssertEqual(body, form.encoded(boundary: "zz7"))
    }

    func test_contains_detectsTheBoundaryInAPartSoAnotherIsDrawn() {
        let part = MultipartFormData.Part(name: "f", fileName: "x", contentType: nil, bytes: Array("ab--zz9cd".utf8))
        XCTAssertTrue(MultipartFormData.contains(part, boundary: "zz9"))
        XCTAssertFalse(MultipartFormData.contains(part, boundary: "zz8"))
        XCTAssertFalse(MultipartFormData.find(Array("abc".utf8), in: Array("ab".utf8)))
        let hay = Array("a-b--b--bd".utf8)
        XCTAssertEqual(MultipartFormData.firstIndex(of: Array("--b".utf8), in: hay, from: 0), 3)
        XCTAssertEqual(MultipartFormData.firstIndex(of: Array("--b".utf8), in: hay, from: 4), 6)
        XCTAssertEqual(MultipartFormData.firstIndex(of: Array("bd".utf8), in: hay, from: 0), 8)
        XCTAssertNil(MultipartFormData.firstIndex(of: Array("--b".utf8), in: hay, from: 7))
        XCTAssertNil(MultipartFormData.firstIndex(of: [], in: hay, from: 0))
    }

    func test_initParameters_writesNumbersBooleansAndObjectsAsJSON() {
        let form = MultipartFormData(parameters: [
            "chat_id": -100, "caption": "hé", "reply_parameters": ["message_id": 5], "flag": true,
        ])
        XCTAssertEqual(form.parts.map(\.name), ["chat_id", "caption", "reply_parameters", "flag"])
        XCTAssertEqual(
            form.parts.map { String(decoding: $0.bytes, as: UTF8.self) }, ["-100", "hé", #"{"message_id":5}"#, "true"])
    }
}
