/// Limits enforced while parsing.
struct ParserLimits: Sendable {
    /// Request line plus header section, and separately the trailer section (431 beyond).
    var maxHeaderBytes: Int
    /// De-chunked body size (413 beyond; checked from Content-Length before any body byte is read).
    var maxBodyBytes: Int
    /// At most this many header fields (431 beyond).
    var maxHeaderCount = 128
    /// A chunk-size line including extensions (400 beyond).
    var maxChunkLineBytes = 4_096
}

/// A request the parser has fully read.
struct ParsedRequest: Sendable {
    var request: HTTPRequest
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    var versionMinor: Int
    /// Whether the connection may stay open after the response (RFC 9112 §9.3).
    var keepAlive: Bool
}

/// What the parser found in the bytes given so far.
enum ParseStep: Sendable {
    /// More bytes are needed.
    case incomplete
    /// The head asked for `100-continue` and no body byte has arrived yet: send `100 Continue`, then parse again.
    case expectContinue
    /// A complete request; parsing may continue with the following (pipelined) bytes.
    case request(ParsedRequest)
    /// The request is malformed or over a limit: answer with the error and close.
    case failure(HTTPParseError)
}

/// How far the current request has got, for choosing which timeout applies.
enum ParserPhase: Equatable, Sendable {
    /// No byte of a request has arrived (keep-alive idle).
    case idle
    /// Reading the request line and headers.
    case head
    /// Reading the body.
    case body
}

/// An incremental, byte-level HTTP/1.1 request parser (RFC 9112). Pure: it never does I/O.
///
/// The caller keeps the received bytes and an index; `parse` consumes from the index and
/// remembers how far it has already scanned, so partial input is never rescanned from scratch.
struct RequestParser: Sendable {
    private enum Framing {
        case none
        case length(Int)
        case chunked
    }

    private struct Head {
        var method: HTTPMethod
        var target: String
        var versionMinor: Int
        var headers: HTTPHeaders
        var keepAlive: Bool
        var framing: Framing
        var expectsContinue: Bool
    }

    private enum State {
        /// Looking for the end of the head; `scanned` bytes after the index were already searched.
        case head(scanned: Int)
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed(HTTPParseError)
    }

    var limits: ParserLimits
    private var state: State = .head(scanned: 0)
    private var head: Head?
    private var body: [UInt8] = []
    private var trailerBytes = 0

    init(limits: ParserLimits) {
        self.limits = limits
    }

    var phase: ParserPhase {
        switch state {
        case .head(let scanned): scanned == 0 ? .idle : .head
        case .failed: .head
        default: .body
        }
    }

    /// Parses from `index`, advancing it past consumed bytes.
    mutating func parse(_ buffer: [UInt8], from index: inout Int) -> ParseStep {
        buffer.withUnsafeBufferPointer { parse($0, from: &index) }
    }

    mutating func parse(_ p: UnsafeBufferPointer<UInt8>, from index: inout Int) -> ParseStep {
        while true {
            switch state {
            case .failed(let error):
                return .failure(error)

            case .head(let scanned):
                switch parseHead(p, &index, scanned: scanned) {
                case .some(.failure(let error)):
                    state = .failed(error)
                    return .failure(error)
                case .some(let step):
                    return step
                case .none:
                    continue
                }

            case .fixedBody(let remaining):
                let take = min(remaining, p.count - index)
                if take > 0 {
                    body.append(contentsOf: UnsafeBufferPointer(rebasing: p[index..<(index + take)]))
                    index += take
                }
                if remaining - take == 0 { return finish() }
                state = .fixedBody(remaining: remaining - take)
                return .incomplete

            case .chunkSize:
                if let step = parseChunkSize(p, &index) { return fail(step) }

            case .chunkData(let remaining):
                let take = min(remaining, p.count - index)
                if take > 0 {
                    body.append(contentsOf: UnsafeBufferPointer(rebasing: p[index..<(index + take)]))
                    index += take
                }
                if remaining - take > 0 {
                    state = .chunkData(remaining: remaining - take)
                    return .incomplete
                }
                state = .chunkDataEnd

            case .chunkDataEnd:
                let available = p.count - index
                if available == 0 || (available == 1 && p[index] == ASCII.cr) { return .incomplete }
                guard p[index] == ASCII.cr && p[index + 1] == ASCII.lf else {
                    return fail(.failure(.badRequest("Chunk data is not followed by CRLF")))
                }
                index += 2
                state = .chunkSize

            case .trailers:
                if let step = parseTrailerLine(p, &index) {
                    if case .request = step { return step }
                    return fail(step)
                }
            }
        }
    }

    private mutating func fail(_ step: ParseStep) -> ParseStep {
        if case .failure(let error) = step { state = .failed(error) }
        return step
    }

    private mutating func finish() -> ParseStep {
        let head = self.head!
        let body = self.body
        self.head = nil
        self.body = []
        trailerBytes = 0
        state = .head(scanned: 0)
        return .request(Self.makeRequest(head, body: body))
    }

    private static func makeRequest(_ head: Head, body: [UInt8]) -> ParsedRequest {
        ParsedRequest(
            request: HTTPRequest(method: head.method, target: head.target, headers: head.headers, body: body),
            versionMinor: head.versionMinor,
            keepAlive: head.keepAlive
        )
    }

    // MARK: Head

    /// Returns a step to hand out, or nil to keep looping in the new state.
    private mutating func parseHead(_ p: UnsafeBufferPointer<UInt8>, _ index: inout Int, scanned: Int) -> ParseStep? {
        let end = p.count
        var start = index
        if scanned == 0 {
            // RFC 9112 §2.2: ignore empty lines received before the request-line.
            while start < end {
                if p[start] == ASCII.lf {
                    start += 1
                } else if p[start] == ASCII.cr {
                    if start + 1 == end { break }
                    guard p[start + 1] == ASCII.lf else { return .failure(.badRequest("Malformed request line")) }
                    start += 2
                } else {
                    break
                }
            }
            index = start
            if start == end || p[start] == ASCII.cr { return .incomplete }
        }

        // Reject non-HTTP bytes (a TLS handshake, binary garbage) early instead of waiting for 16 KiB.
        var m = start
        while m < end && ASCII.isTokenCharacter(p[m]) { m += 1 }
        if m < end && (p[m] != ASCII.space || m == start) {
            return .failure(.badRequest("Malformed request line"))
        }

        // Find CRLFCRLF. CR and LF only ever appear together as CRLF, so every line below ends in
        // exactly one CRLF and no field can hide inside another:
        // - a bare CR is rejected (RFC 9112 §2.2 allows rejecting it or replacing it with SP; a
        //   recipient that ended the line there would see `X: a\rAuthorization: …` as two fields);
        // - a bare LF is rejected too: §2.2 lets a recipient accept a lone LF as a line terminator,
        //   but a proxy in front that does not would forward the "second" line inside the first.
        // The check looks backwards (at `i - 1`), so a CR that ends one read is judged on the next.
        var i = start + scanned
        var headEnd = -1
        while i < end {
            let b = p[i]
            if i > start && p[i - 1] == ASCII.cr && b != ASCII.lf {
                return .failure(.badRequest("Bare CR in request head"))
            }
            if b == ASCII.lf {
                if i == start || p[i - 1] != ASCII.cr { return .failure(.badRequest("Bare LF in request head")) }
                if i - start >= 3 && p[i - 2] == ASCII.lf {
                    headEnd = i + 1
                    break
                }
            }
            i += 1
        }
        if headEnd < 0 {
            if end - start > limits.maxHeaderBytes { return .failure(.headersTooLarge) }
            state = .head(scanned: end - start)
            return .incomplete
        }
        if headEnd - start > limits.maxHeaderBytes { return .failure(.headersTooLarge) }

        let head: Head
        switch parseHeadLines(p, start, headEnd) {
        case .success(let parsed): head = parsed
        case .failure(let error): return .failure(error)
        }
        index = headEnd

        switch head.framing {
        case .none, .length(0):
            state = .head(scanned: 0)
            return .request(Self.makeRequest(head, body: []))
        case .length(let length):
            body = []
            body.reserveCapacity(length)
            state = .fixedBody(remaining: length)
        case .chunked:
            body = []
            state = .chunkSize
        }
        self.head = head
        if head.expectsContinue && index == end { return .expectContinue }
        return nil
    }

    private func parseHeadLines(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ headEnd: Int) -> Result<
        Head, HTTPParseError
    > {
        // Request line: method SP request-target SP HTTP-version CRLF (RFC 9112 §3).
        var i = start
        while ASCII.isTokenCharacter(p[i]) { i += 1 }
        let methodEnd = i
        guard p[i] == ASCII.space else { return .failure(.badRequest("Malformed request line")) }
        i += 1
        let targetStart = i
        while p[i] > 0x20 && p[i] < 0x7F { i += 1 }
        let targetEnd = i
        guard targetEnd > targetStart, p[i] == ASCII.space else {
            return .failure(.badRequest("Malformed request target"))
        }
        i += 1
        let versionStart = i
        while p[i] != ASCII.cr { i += 1 }
        let lineEnd = i
        // HTTP-name is case-sensitive (RFC 9112 §2.3).
        guard lineEnd - versionStart == 8, p[versionStart] == 0x48, p[versionStart + 1] == 0x54,
            p[versionStart + 2] == 0x54, p[versionStart + 3] == 0x50, p[versionStart + 4] == 0x2F,
            p[versionStart + 6] == 0x2E
        else { return .failure(.badRequest("Malformed HTTP version")) }
        let major = p[versionStart + 5]
        let minor = p[versionStart + 7]
        guard (0x30...0x39).contains(major), (0x30...0x39).contains(minor) else {
            return .failure(.badRequest("Malformed HTTP version"))
        }
        guard major == 0x31, minor == 0x30 || minor == 0x31 else { return .failure(.versionNotSupported) }
        let versionMinor = minor == 0x31 ? 1 : 0

        guard let method = HTTPMethod(token: p, from: start, to: methodEnd) else {
            return .failure(.methodNotImplemented)
        }
        let first = p[targetStart]
        let isOrigin = first == 0x2F
        let isAsterisk = targetEnd - targetStart == 1 && first == 0x2A && method == .OPTIONS
        let isAbsolute =
            ASCII.equalsLowercase(p, targetStart, min(targetEnd, targetStart + 7), "http://")
            || ASCII.equalsLowercase(p, targetStart, min(targetEnd, targetStart + 8), "https://")
        guard isOrigin || isAsterisk || isAbsolute else { return .failure(.badRequest("Malformed request target")) }
        let target = String(decoding: UnsafeBufferPointer(rebasing: p[targetStart..<targetEnd]), as: UTF8.self)

        // Header fields (RFC 9112 §5).
        var headers = HTTPHeaders()
        headers.reserveCapacity(8)
        var contentLength: Int?
        var transferEncoding: [UInt8]?
        var connectionClose = false
        var connectionKeepAlive = false
        var expectation: (start: Int, end: Int)?
        var hostCount = 0
        i = lineEnd + 2
        while true {
            let lineStart = i
            if p[lineStart] == ASCII.cr { break }
            if p[lineStart] == ASCII.space || p[lineStart] == ASCII.tab {
                return .failure(.badRequest("Obsolete header line folding is not allowed"))
            }
            while ASCII.isTokenCharacter(p[i]) { i += 1 }
            let nameEnd = i
            guard nameEnd > lineStart, p[i] == ASCII.colon else {
                return .failure(.badRequest("Malformed header field"))
            }
            i += 1
            while p[i] == ASCII.space || p[i] == ASCII.tab { i += 1 }
            let valueStart = i
            while p[i] != ASCII.cr {
                guard ASCII.isFieldValueCharacter(p[i]) else {
                    return .failure(.badRequest("Invalid character in header value"))
                }
                i += 1
            }
            var valueEnd = i
            while valueEnd > valueStart && (p[valueEnd - 1] == ASCII.space || p[valueEnd - 1] == ASCII.tab) {
                valueEnd -= 1
            }
            i += 2
            if headers.count == limits.maxHeaderCount { return .failure(.headersTooLarge) }

            switch nameEnd - lineStart {
            case 4 where ASCII.equalsLowercase(p, lineStart, nameEnd, "host"):
                hostCount += 1
            case 6 where ASCII.equalsLowercase(p, lineStart, nameEnd, "expect"):
                expectation = (valueStart, valueEnd)
            case 10 where ASCII.equalsLowercase(p, lineStart, nameEnd, "connection"):
                // A comma-separated list of case-insensitive tokens.
                var tokenStart = valueStart
                var j = valueStart
                while j <= valueEnd {
                    if j == valueEnd || p[j] == 0x2C {
                        var a = tokenStart
                        var b = j
                        while a < b && (p[a] == ASCII.space || p[a] == ASCII.tab) { a += 1 }
                        while b > a && (p[b - 1] == ASCII.space || p[b - 1] == ASCII.tab) { b -= 1 }
                        if ASCII.equalsLowercase(p, a, b, "close") { connectionClose = true }
                        if ASCII.equalsLowercase(p, a, b, "keep-alive") { connectionKeepAlive = true }
                        tokenStart = j + 1
                    }
                    j += 1
                }
            case 14 where ASCII.equalsLowercase(p, lineStart, nameEnd, "content-length"):
                guard valueEnd > valueStart, valueEnd - valueStart <= 18 else {
                    return .failure(valueEnd - valueStart > 18 ? .bodyTooLarge : .badRequest("Invalid Content-Length"))
                }
                var value = 0
                for k in valueStart..<valueEnd {
                    let d = p[k]
                    guard d >= 0x30 && d <= 0x39 else { return .failure(.badRequest("Invalid Content-Length")) }
                    value = value * 10 + Int(d - 0x30)
                }
                if let previous = contentLength, previous != value {
                    return .failure(.badRequest("Conflicting Content-Length values"))
                }
                contentLength = value
            case 17 where ASCII.equalsLowercase(p, lineStart, nameEnd, "transfer-encoding"):
                if transferEncoding == nil {
                    transferEncoding = []
                } else {
                    transferEncoding!.append(0x2C)
                }
                for k in valueStart..<valueEnd { transferEncoding!.append(ASCII.lowercased(p[k])) }
            default:
                break
            }
            headers.add(
                name: String(decoding: UnsafeBufferPointer(rebasing: p[lineStart..<nameEnd]), as: UTF8.self),
                value: String(decoding: UnsafeBufferPointer(rebasing: p[valueStart..<valueEnd]), as: UTF8.self)
            )
        }
        if versionMinor == 1 && hostCount != 1 {
            return .failure(.badRequest(hostCount == 0 ? "Missing Host header" : "Multiple Host headers"))
        }

        // Message body framing (RFC 9112 §6.1–6.3).
        var framing = Framing.none
        if let transferEncoding {
            if contentLength != nil {
                return .failure(.badRequest("Both Content-Length and Transfer-Encoding are present"))
            }
            if versionMinor == 0 { return .failure(.badRequest("Transfer-Encoding is not allowed in HTTP/1.0")) }
            let codings = transferEncoding.split(separator: 0x2C, omittingEmptySubsequences: false).map { coding in
                var a = coding.startIndex
                var b = coding.endIndex
                while a < b && (coding[a] == ASCII.space || coding[a] == ASCII.tab) { a += 1 }
                while b > a && (coding[b - 1] == ASCII.space || coding[b - 1] == ASCII.tab) { b -= 1 }
                return Array(coding[a..<b])
            }
            let chunked = Array("chunked".utf8)
            if codings == [chunked] {
                framing = .chunked
            } else if codings.contains(chunked) && codings.last != chunked {
                return .failure(.badRequest("chunked must be the final transfer coding"))
            } else {
                return .failure(.transferEncodingNotImplemented)
            }
        } else if let contentLength {
            if contentLength > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
            framing = .length(contentLength)
        }

        var expectsContinue = false
        if let expectation, versionMinor == 1 {
            guard ASCII.equalsLowercase(p, expectation.start, expectation.end, "100-continue") else {
                return .failure(.expectationFailed)
            }
            switch framing {
            case .none, .length(0): break
            default: expectsContinue = true
            }
        }

        let keepAlive = versionMinor == 1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        return .success(
            Head(
                method: method, target: target, versionMinor: versionMinor, headers: headers,
                keepAlive: keepAlive, framing: framing, expectsContinue: expectsContinue))
    }

    // MARK: Chunked body (RFC 9112 §7.1)

    /// Returns nil to keep looping, or the step to return.
    private mutating func parseChunkSize(_ p: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> ParseStep? {
        let end = p.count
        let limit = min(end, index + limits.maxChunkLineBytes)
        var lf = index
        while lf < limit && p[lf] != ASCII.lf { lf += 1 }
        if lf == limit {
            return limit - index >= limits.maxChunkLineBytes
                ? .failure(.badRequest("Chunk size line too long")) : .incomplete
        }
        guard lf > index, p[lf - 1] == ASCII.cr else { return .failure(.badRequest("Malformed chunk size line")) }
        let lineEnd = lf - 1
        var i = index
        var size = 0
        while i < lineEnd, let digit = ASCII.hexValue(p[i]) {
            if i - index >= 15 { return .failure(.bodyTooLarge) }
            size = size << 4 | digit
            i += 1
        }
        guard i > index else { return .failure(.badRequest("Malformed chunk size")) }
        while i < lineEnd && (p[i] == ASCII.space || p[i] == ASCII.tab) { i += 1 }
        if i < lineEnd {
            guard p[i] == 0x3B else { return .failure(.badRequest("Malformed chunk size")) }
            // Chunk extensions are ignored, but must not smuggle control characters.
            for k in i..<lineEnd where !ASCII.isFieldValueCharacter(p[k]) {
                return .failure(.badRequest("Invalid character in chunk extension"))
            }
        }
        if body.count + size > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
        index = lf + 1
        if size == 0 {
            state = .trailers
        } else {
            body.reserveCapacity(body.count + size)
            state = .chunkData(remaining: size)
        }
        return nil
    }

    /// Trailer fields are validated and discarded: nothing downstream reads them.
    private mutating func parseTrailerLine(_ p: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> ParseStep? {
        let end = p.count
        var lf = index
        while lf < end && p[lf] != ASCII.lf { lf += 1 }
        if lf == end {
            return trailerBytes + (end - index) > limits.maxHeaderBytes ? .failure(.headersTooLarge) : .incomplete
        }
        guard lf > index, p[lf - 1] == ASCII.cr else { return .failure(.badRequest("Malformed trailer section")) }
        let lineEnd = lf - 1
        trailerBytes += lf + 1 - index
        if trailerBytes > limits.maxHeaderBytes { return .failure(.headersTooLarge) }
        if lineEnd == index {
            index = lf + 1
            return finish()
        }
        if p[index] == ASCII.space || p[index] == ASCII.tab {
            return .failure(.badRequest("Obsolete header line folding is not allowed"))
        }
        var i = index
        while i < lineEnd && ASCII.isTokenCharacter(p[i]) { i += 1 }
        guard i > index, i < lineEnd, p[i] == ASCII.colon else {
            return .failure(.badRequest("Malformed trailer field"))
        }
        for k in (i + 1)..<lineEnd where !ASCII.isFieldValueCharacter(p[k]) {
            return .failure(.badRequest("Invalid character in trailer field"))
        }
        index = lf + 1
        return nil
    }
}
