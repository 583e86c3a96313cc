import XCTest

@testable import HTTP

final class RequestParserTests: XCTestCase {
    private let limits = ParserLimits(maxHeaderBytes: 1_024, maxBodyBytes: 64)

    /// Feeds all bytes at once and collects every step until the parser needs more.
    private func steps(_ text: String, limits: ParserLimits? = nil) -> [ParseStep] {
        var parser = RequestParser(limits: limits ?? self.limits)
        let bytes = Array(text.utf8)
        var index = 0
        var result: [ParseStep] = []
        while true {
            let step = parser.parse(bytes, from: &index)
            result.append(step)
            switch step {
            case .request, .expectContinue: continue
            case .incomplete, .failure: return result
            }
        }
    }

    private func requests(_ steps: [ParseStep]) -> [ParsedRequest] {
        steps.compactMap { if case .request(let r) = $0 { r } else { nil } }
    }

    private func failure(_ text: String) -> HTTPParseError? {
        if case .failure(let error)? = steps(text).last { return error }
        return nil
    }

    func test_parse_completeGET_yieldsMethodTargetPathQueryAndHeaders() {
        let parsed = requests(steps("GET /a/b%20c?x=1&y=two HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n"))
        XCTAssertEqual(parsed.count, 1)
        let request = parsed[0].request
        XCTAssertEqual(request.method, .GET)
        XCTAssertEqual(request.target, "/a/b%20c?x=1&y=two")
        XCTAssertEqual(request.path, "/a/b c")
        XCTAssertEqual(request.query, "x=1&y=two")
        XCTAssertEqual(request.headers["accept"], "*/*")
        XCTAssertEqual(request.headers["HOST"], "example")
        XCTAssertEqual(parsed[0].versionMinor, 1)
        XCTAssertTrue(parsed[0].keepAlive)
    }

    func test_parse_byteByByte_completesOnlyAtTheEnd() {
        let bytes = Array("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello".utf8)
        var parser = RequestParser(limits: limits)
        var received: [UInt8] = []
        var index = 0
        for (offset, byte) in bytes.enumerated() {
            received.append(byte)
            let step = parser.parse(received, from: &index)
            if offset < bytes.count - 1 {
                guard case .incomplete = step else { return XCTFail("step at \(offset) was \(step)") }
            } else {
                guard case .request(let parsed) = step else { return XCTFail("final step was \(step)") }
                XCTAssertEqual(parsed.request.body, Array("hello".utf8))
            }
        }
        XCTAssertEqual(index, bytes.count)
    }

    func test_parse_phase_movesFromIdleToHeadToBody() {
        var parser = RequestParser(limits: limits)
        XCTAssertEqual(parser.phase, .idle)
        var index = 0
        var bytes = Array("POST / HTTP/1.1\r\n".utf8)
        _ = parser.parse(bytes, from: &index)
        XCTAssertEqual(parser.phase, .head)
        bytes += Array("Host: h\r\nContent-Length: 3\r\n\r\nab".utf8)
        _ = parser.parse(bytes, from: &index)
        XCTAssertEqual(parser.phase, .body)
        bytes += [0x63]
        guard case .request = parser.parse(bytes, from: &index) else { return XCTFail("expected a request") }
        XCTAssertEqual(parser.phase, .idle)
    }

    func test_parse_pipelinedRequests_yieldsEachInOrder() {
        let text =
            "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhiGET /3 HTTP/1.1\r\nHost: h\r\n\r\nGET /4"
        let all = steps(text)
        XCTAssertEqual(requests(all).map(\.request.path), ["/1", "/2", "/3"])
        XCTAssertEqual(requests(all)[1].request.body, Array("hi".utf8))
        guard case .incomplete = all.last! else { return XCTFail("trailing partial request should be incomplete") }
    }

    func test_parse_leadingEmptyLines_areIgnored() {
        XCTAssertEqual(requests(steps("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")).count, 1)
    }

    func test_parse_chunkedBodyWithExtensionsAndTrailers_isDechunked() {
        let text =
            "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6 ; ext\r\n world\r\n0\r\nX-Trailer: yes\r\nX-Other: 1\r\n\r\nGET /next HTTP/1.1\r\nHost: h\r\n\r\n"
        let parsed = requests(steps(text))
        XCTAssertEqual(parsed.count, 2)
        XCTAssertEqual(parsed[0].request.bodyText, "hello world")
        XCTAssertNil(parsed[0].request.headers["X-Trailer"], "trailers are discarded, not merged")
        XCTAssertEqual(parsed[1].request.path, "/next")
    }

    func test_parse_chunkedBodySplitAcrossReads_isReassembled() {
        let bytes = Array(
            "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n0\r\n\r\n".utf8)
        for split in 1..<bytes.count {
            var parser = RequestParser(limits: limits)
            var index = 0
            var first = Array(bytes[0..<split])
            let step1 = parser.parse(first, from: &index)
            if case .request = step1 { return XCTFail("complete too early at split \(split)") }
            first.append(contentsOf: bytes[split...])
            guard case .request(let parsed) = parser.parse(first, from: &index) else {
                return XCTFail("no request at split \(split)")
            }
            XCTAssertEqual(parsed.request.bodyText, "0123456789", "split \(split)")
        }
    }

    func test_parse_chunkedWithUppercaseHexSize_isAccepted() {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\nA\r\nabcdefghij\r\n0\r\n\r\n"
        XCTAssertEqual(requests(steps(text)).first?.request.body.count, 10)
    }

    func test_parse_chunkedMissingCRLFAfterData_is400() {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY"
        XCTAssertEqual(failure(text)?.status, 400)
    }

    func test_parse_chunkedInvalidSize_is400() {
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")?.status, 400)
    }

    func test_parse_chunkedBodyOverLimit_is413() {
        let text =
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" + String(repeating: "a", count: 64)
            + "\r\n1\r\n"
        XCTAssertEqual(failure(text)?.status, 413)
    }

    func test_parse_contentLengthOverLimit_is413BeforeAnyBodyByte() {
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 65\r\n\r\n"), .bodyTooLarge)
    }

    func test_parse_headOverLimit_is431EvenWithoutTerminator() {
        let big = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + String(repeating: "a", count: 1_100)
        XCTAssertEqual(failure(big), .headersTooLarge)
    }

    func test_parse_headJustUnderLimit_isAccepted() {
        let prefix = "GET / HTTP/1.1\r\nHost: h\r\nX: "
        let filler = String(repeating: "a", count: 1_024 - prefix.utf8.count - 4)
        XCTAssertEqual(requests(steps(prefix + filler + "\r\n\r\n")).count, 1)
        XCTAssertEqual(failure(prefix + filler + "a\r\n\r\n"), .headersTooLarge)
    }

    func test_parse_tooManyHeaderFields_is431() {
        var text = "GET / HTTP/1.1\r\nHost: h\r\n"
        for i in 0..<200 { text += "X-\(i): v\r\n" }
        XCTAssertEqual(
            failureStatus(text + "\r\n", limits: ParserLimits(maxHeaderBytes: 16_384, maxBodyBytes: 64)), 431)
    }

    private func failureStatus(_ text: String, limits: ParserLimits) -> Int? {
        if case .failure(let error)? = steps(text, limits: limits).last { return error.status }
        return nil
    }

    func test_parse_malformedRequestLines_are400() {
        for line in [
            "GET\r\n\r\n", "GET / \r\nHost: h\r\n\r\n", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET / HTTP/1.1 x\r\nHost: h\r\n\r\n",
            "GET relative HTTP/1.1\r\nHost: h\r\n\r\n", "GET / http/1.1\r\nHost: h\r\n\r\n",
            "GET / HTTP/1\r\nHost: h\r\n\r\n",
            "\u{16}\u{03}\u{01}\u{02}\u{00}", "GET /\u{01} HTTP/1.1\r\nHost: h\r\n\r\n",
        ] {
            XCTAssertEqual(failure(line)?.status, 400, "line \(line.debugDescription)")
        }
    }

    func test_parse_binaryGarbage_failsWithoutWaitingForMoreBytes() {
        XCTAssertEqual(failure("\u{16}\u{03}")?.status, 400)
    }

    func test_parse_bareLF_is400() {
        XCTAssertEqual(failure("GET / HTTP/1.1\nHost: h\n\n")?.status, 400)
    }

    func test_parse_unknownMethod_is501() {
        XCTAssertEqual(failure("BREW /pot HTTP/1.1\r\nHost: h\r\n\r\n")?.status, 501)
    }

    func test_parse_otherHTTPVersion_is505() {
        XCTAssertEqual(failure("GET / HTTP/2.0\r\nHost: h\r\n\r\n")?.status, 505)
    }

    func test_parse_headerFolding_isRejected() {
        XCTAssertEqual(
            failure("GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n")?.message,
            "Obsolete header line folding is not allowed")
    }

    func test_parse_whitespaceBeforeColon_is400() {
        XCTAssertEqual(failure("GET / HTTP/1.1\r\nHost : h\r\n\r\n")?.status, 400)
    }

    func test_parse_emptyHeaderName_is400() {
        XCTAssertEqual(failure("GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n")?.status, 400)
    }

    func test_parse_controlCharacterInHeaderValue_is400() {
        XCTAssertEqual(failure("GET / HTTP/1.1\r\nHost: h\r\nX: a\u{00}b\r\n\r\n")?.status, 400)
    }

    func test_parse_headerValue_isTrimmedOfOptionalWhitespace() {
        XCTAssertEqual(
            requests(steps("GET / HTTP/1.1\r\nHost: h\r\nX-Pad: \t value with space \t\r\n\r\n")).first?.request
                .headers["x-pad"], "value with space")
    }

    func test_parse_missingHostInHTTP11_is400() {
        XCTAssertEqual(failure("GET / HTTP/1.1\r\n\r\n")?.message, "Missing Host header")
    }

    func test_parse_contentLengthAndTransferEncoding_is400() {
        XCTAssertEqual(
            failure("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")?.status,
            400)
    }

    func test_parse_unsupportedTransferEncoding_is501() {
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n")?.status, 501)
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")?.status, 501)
    }

    func test_parse_chunkedNotLast_is400() {
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n")?.status, 400)
    }

    func test_parse_invalidOrConflictingContentLength_is400() {
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n")?.status, 400)
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n")?.status, 400)
        XCTAssertEqual(
            failure("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc")?.status, 400)
    }

    func test_parse_repeatedEqualContentLength_isAccepted() {
        let parsed = requests(steps("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab"))
        XCTAssertEqual(parsed.first?.request.body, Array("ab".utf8))
    }

    func test_parse_expect100Continue_announcesOnceBeforeTheBody() {
        var parser = RequestParser(limits: limits)
        var bytes = Array("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8)
        var index = 0
        guard case .expectContinue = parser.parse(bytes, from: &index) else {
            return XCTFail("expected expectContinue")
        }
        guard case .incomplete = parser.parse(bytes, from: &index) else { return XCTFail("expected incomplete") }
        bytes += Array("ok".utf8)
        guard case .request(let parsed) = parser.parse(bytes, from: &index) else { return XCTFail("expected request") }
        XCTAssertEqual(parsed.request.body, Array("ok".utf8))
    }

    func test_parse_expect100ContinueWithBodyAlreadySent_skipsTheAnnouncement() {
        let all = steps("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok")
        guard case .request = all.first! else { return XCTFail("expected the request at once, got \(all)") }
    }

    func test_parse_expect100ContinueOverBodyLimit_is413NotContinue() {
        XCTAssertEqual(
            failure("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 999\r\n\r\n")?.status, 413)
    }

    func test_parse_otherExpectation_is417() {
        XCTAssertEqual(
            failure("POST / HTTP/1.1\r\nHost: h\r\nExpect: something\r\nContent-Length: 2\r\n\r\n")?.status, 417)
    }

    func test_parse_keepAlive_followsVersionAndConnectionHeader() {
        func keepAlive(_ text: String) -> Bool? { requests(steps(text)).first?.keepAlive }
        XCTAssertEqual(keepAlive("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), true)
        XCTAssertEqual(keepAlive("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n"), false)
        XCTAssertEqual(keepAlive("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade, close\r\n\r\n"), false)
        XCTAssertEqual(keepAlive("GET / HTTP/1.0\r\n\r\n"), false)
        XCTAssertEqual(keepAlive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"), true)
    }

    func test_parse_afterFailure_keepsFailing() {
        var parser = RequestParser(limits: limits)
        var index = 0
        let bytes = Array("GET / HTTP/1.1\r\nHost : h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        guard case .failure = parser.parse(bytes, from: &index) else { return XCTFail("expected failure") }
        guard case .failure = parser.parse(bytes, from: &index) else {
            return XCTFail("parser must not resync after an error")
        }
    }

    func test_parse_absoluteFormTarget_yieldsPath() {
        let request = requests(steps("GET http://example.com/x/y?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")).first?
            .request
        XCTAssertEqual(request?.path, "/x/y")
        XCTAssertEqual(request?.query, "q=1")
    }

    // MARK: Line endings (RFC 9112 §2.2): CR and LF only ever count together

    func test_parse_bareCRHidingAnAuthorizationField_is400() {
        let error = failure("GET / HTTP/1.1\r\nHost: h\r\nX-Note: hello\rZAuthorization: Bearer t\r\n\r\n")
        XCTAssertEqual(error?.status, 400)
        XCTAssertEqual(error?.message, "Bare CR in request head")
    }

    func test_parse_bareCRHidingAContentLength_is400() {
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nHost: h\r\nX-Note: a\rZContent-Length: 5\r\n\r\nhello")?.status, 400)
    }

    func test_parse_bareCRAnywhereInTheHead_is400() {
        for head in [
            "GET / HTTP/1.1\rHost: h\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\n\rX-Hidden: v\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\nX-A: v\r\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\rX-A: v\r\n\r\n",
            "GET / HTTP/1.1\r\nX\r-A: v\r\nHost: h\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\n\r\r\n",
        ] {
            XCTAssertEqual(failure(head)?.status, 400, head.debugDescription)
        }
    }

    func test_parse_bareCRAtTheEndOfARead_isJudgedWhenTheNextByteArrives() {
        var parser = RequestParser(limits: limits)
        var bytes = Array("GET / HTTP/1.1\r\nHost: h\r\nX-Note: hello\r".utf8)
        var index = 0
        guard case .incomplete = parser.parse(bytes, from: &index) else { return XCTFail("expected incomplete") }
        bytes += Array("ZAuthorization: Bearer t\r\n\r\n".utf8)
        guard case .failure(let error) = parser.parse(bytes, from: &index) else { return XCTFail("expected failure") }
        XCTAssertEqual(error.status, 400)
    }

    func test_parse_bareLFHidingAField_is400() {
        XCTAssertEqual(failure("GET / HTTP/1.1\r\nHost: h\r\nX-Note: a\nAuthorization: Bearer t\r\n\r\n")?.status, 400)
    }

    func test_parse_bareCRInChunkSizeExtensionOrTrailer_is400() {
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        for body in [
            "5\rX\r\nhello\r\n0\r\n\r\n", "5;a=b\rc\r\nhello\r\n0\r\n\r\n", "5\r\nhello\r\n0\r\nX-T: a\rb\r\n\r\n",
            "5\r\nhello\r\n0\r\nX-T: a\r\n\rX-U: b\r\n\r\n", "5\r\nhello\rX0\r\n\r\n",
            "5\r\nhello\r\n0\r\nX-T: a\nX-U: b\r\n\r\n",
        ] {
            XCTAssertEqual(failure(head + body)?.status, 400, body.debugDescription)
        }
    }

    func test_parse_NULOrDELInAFieldValue_is400() {
        for value in ["a\u{00}b", "a\u{7F}b", "a\u{0B}b", "a\u{1B}b"] {
            XCTAssertEqual(
                failure("GET / HTTP/1.1\r\nHost: h\r\nX: \(value)\r\n\r\n")?.status, 400, value.debugDescription)
        }
    }

    func test_parse_whitespaceBetweenFieldNameAndColon_is400() {
        for line in ["Host\t: h", "X-A : v", "X-A\u{0B}: v"] {
            XCTAssertEqual(failure("GET / HTTP/1.1\r\nHost: h\r\n\(line)\r\n\r\n")?.status, 400, line.debugDescription)
        }
    }

    func test_parse_obsFoldWithTab_is400() {
        XCTAssertEqual(failure("GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n\ttwo\r\n\r\n")?.status, 400)
    }
}

extension HTTPRequest {
    var bodyText: String { String(decoding: body, as: UTF8.self) }
}
