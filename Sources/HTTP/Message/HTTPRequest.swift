/// A complete HTTP request as handed to a handler.
public struct HTTPRequest: Sendable {
    /// The request method.
    public let method: HTTPMethod
    /// The request-target exactly as received (path and query, still percent-encoded).
    public let target: String
    /// The percent-decoded path without the query.
    public let path: String
    /// The raw query (after `?`, still encoded), or nil when the target has none.
    public let query: String?
    /// Request header fields in the order received.
    public var headers: HTTPHeaders
    /// The request body (de-chunked).
    public var body: [UInt8]
    /// The request id: a valid incoming `X-Request-Id` or a generated one.
    public var requestID: String
    /// The peer's IP address (no port).
    public var remoteAddress: String
    /// The raw (still percent-encoded) path, for routing segment by segment.
    let rawPath: Substring

    /// Builds a request; `target` is split into path and query.
    public init(
        method: HTTPMethod,
        target: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        requestID: String = "",
        remoteAddress: String = ""
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.requestID = requestID
        self.remoteAddress = remoteAddress
        var pathPart = target[...]
        if let q = target.utf8.firstIndex(of: 0x3F) {
            pathPart = target[..<q]
            query = String(target[target.utf8.index(after: q)...])
        } else {
            query = nil
        }
        // absolute-form (RFC 9112 §3.2.2): drop scheme and authority.
        if pathPart.utf8.first != 0x2F, let colon = pathPart.utf8.firstIndex(of: 0x3A) {
            let authority = pathPart[colon...].drop(while: { $0 == ":" || $0 == "/" })
            pathPart = authority.utf8.firstIndex(of: 0x2F).map { authority[$0...] } ?? "/"
        }
        rawPath = pathPart
        path = PercentDecoding.decode(pathPart)
    }

    /// The first value of a query parameter, form-decoded (`+` is a space), or nil.
    public func queryValue(_ name: String) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let key: Substring
            let value: Substring
            if let eq = pair.utf8.firstIndex(of: 0x3D) {
                key = pair[..<eq]
                value = pair[pair.utf8.index(after: eq)...]
            } else {
                key = pair
                value = ""
            }
            if PercentDecoding.decode(key, plusAsSpace: true) == name {
                return PercentDecoding.decode(value, plusAsSpace: true)
            }
        }
        return nil
    }
}
