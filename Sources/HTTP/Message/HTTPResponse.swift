/// A response produced by a handler. The server adds `Date`, `Content-Length`, `X-Request-Id`
/// and `Connection`; handlers must not set those.
public struct HTTPResponse: Sendable {
    /// The status code (100–599).
    public var status: Int
    /// Header fields; values containing CR, LF or NUL are dropped when written.
    public var headers: HTTPHeaders
    /// The body (never sent for HEAD, 1xx, 204 or 304).
    public var body: [UInt8]
    /// A body produced while it is sent, instead of `body` (`HTTPBodyStream`); nil for most responses.
    public var stream: HTTPBodyStream?
    /// Set by `.deferred(_:)`: the real response comes later; status, headers and body are ignored.
    public var deferred: HTTPDeferredResponse?

    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        self.stream = nil
        self.deferred = nil
    }

    /// A response whose body `stream` writes piece by piece, in constant memory (chunked transfer coding).
    public static func streaming(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), _ stream: HTTPBodyStream)
        -> HTTPResponse
    {
        var response = HTTPResponse(status: status, headers: headers)
        response.stream = stream
        return response
    }

    /// A JSON response; `body` is already serialised JSON.
    public static func json(_ body: [UInt8], status: Int = 200, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = headers
        if !headers.contains("Content-Type") { headers.add(name: "Content-Type", value: "application/json") }
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// A JSON error `{"error":{"code":"…","message":"…"}}`.
    public static func error(status: Int, code: String, message: String, headers: HTTPHeaders = HTTPHeaders())
        -> HTTPResponse
    {
        var body: [UInt8] = []
        body.reserveCapacity(40 + code.utf8.count + message.utf8.count)
        body.append(contentsOf: #"{"error":{"code":"#.utf8)
        appendJSONString(code, to: &body)
        body.append(contentsOf: #","message":"#.utf8)
        appendJSONString(message, to: &body)
        body.append(contentsOf: "}}".utf8)
        return json(body, status: status, headers: headers)
    }

    /// A text response.
    public static func text(
        _ text: String,
        status: Int = 200,
        contentType: String = "text/plain; charset=utf-8",
        headers: HTTPHeaders = HTTPHeaders()
    ) -> HTTPResponse {
        var headers = headers
        headers["Content-Type"] = contentType
        return HTTPResponse(status: status, headers: headers, body: Array(text.utf8))
    }

    /// `304 Not Modified` carrying the entity tag (quoted as given, e.g. `"v3"` or `W/"v3"`).
    public static func notModified(etag: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = headers
        headers["ETag"] = etag
        return HTTPResponse(status: 304, headers: headers, body: [])
    }

    /// Appends `s` as a JSON string literal (RFC 8259 §7).
    static func appendJSONString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}
