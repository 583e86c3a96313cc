/// The request methods Tessera recognises (RFC 9110 §9, PATCH from RFC 5789, QUERY from the
/// httpbis safe-method-with-body draft); any other method is answered with 501. A recognised
/// method no route serves answers 405 with `Allow` (RFC 9110 §15.5.6), TRACE included: no route
/// serves it, so requests are never reflected.
public enum HTTPMethod: String, Sendable, CaseIterable {
    case GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, QUERY

    /// Recognises a method token; methods are case-sensitive (RFC 9110 §9.1).
    init?(token p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        @inline(__always) func matches(_ literal: StaticString) -> Bool {
            guard literal.utf8CodeUnitCount == end - start else { return false }
            let base = literal.utf8Start
            for i in 0..<(end - start) where p[start + i] != base[i] { return false }
            return true
        }
        switch end - start {
        case 3:
            if matches("GET") { self = .GET } else if matches("PUT") { self = .PUT } else { return nil }
        case 4:
            if matches("POST") { self = .POST } else if matches("HEAD") { self = .HEAD } else { return nil }
        case 5:
            if matches("PATCH") {
                self = .PATCH
            } else if matches("TRACE") {
                self = .TRACE
            } else if matches("QUERY") {
                self = .QUERY
            } else {
                return nil
            }
        case 6:
            if matches("DELETE") { self = .DELETE } else { return nil }
        case 7:
            if matches("OPTIONS") { self = .OPTIONS } else { return nil }
        default:
            return nil
        }
    }
}
