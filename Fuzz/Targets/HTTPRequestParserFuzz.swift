// libFuzzer target: the HTTP/1.1 request parser (compiled into the HTTP module by scripts/fuzz.sh).
//
// Besides "no crash", it checks two properties: the parser gives the same answers whether the bytes
// arrive at once or split in two (the split point comes from the input), and nothing it accepts
// carries a CR, LF or NUL in a header name or value (RFC 9110 §5.5, RFC 9112 §2.2).

private let limits = ParserLimits(maxHeaderBytes: 4_096, maxBodyBytes: 16_384)

private struct Outcome: Equatable {
    var method: String
    var target: String
    var headers: [String]
    var body: [UInt8]
    var keepAlive: Bool
}

/// Parses `chunks` as consecutive reads on one connection; returns the requests and the final failure.
private func run(_ chunks: [ArraySlice<UInt8>]) -> (requests: [Outcome], failure: HTTPParseError?) {
    var parser = RequestParser(limits: limits)
    var buffer: [UInt8] = []
    var index = 0
    var requests: [Outcome] = []
    for chunk in chunks {
        buffer.append(contentsOf: chunk)
        loop: while true {
            switch parser.parse(buffer, from: &index) {
            case .incomplete: break loop
            case .expectContinue: continue
            case .failure(let error): return (requests, error)
            case .request(let parsed):
                let request = parsed.request
                var headers: [String] = []
                for (name, value) in request.headers {
                    for byte in Array(name.utf8) + Array(value.utf8) where byte == 0x0D || byte == 0x0A || byte == 0x00
                    {
                        fatalError("accepted a header with a control byte \(byte)")
                    }
                    headers.append(name + ":" + value)
                }
                requests.append(
                    Outcome(
                        method: request.method.rawValue, target: request.target, headers: headers, body: request.body,
                        keepAlive: parsed.keepAlive))
                if index == buffer.count { break loop }
            }
        }
    }
    return (requests, nil)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = run([bytes[...]])
    if size > 1 {
        let split = Int(bytes[0]) % size
        let pieces = run([bytes[..<split], bytes[split...]])
        guard whole.requests == pieces.requests, whole.failure == pieces.failure else {
            fatalError("split at \(split) changed the outcome")
        }
    }
    return 0
}
