/// The request methods Tessera serves (RFC 9110 §9); any other method is answered with 501.
public enum HTTPMethod: String, Sendable, CaseIterable {
    case GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS

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
            if matches("PATCH") { self = .PATCH } else { return nil }
        case 6:
            if matches("DELETE") { self = .DELETE } else { return nil }
        case 7:
            if matches("OPTIONS") { self = .OPTIONS } else { return nil }
        default:
            return nil
        }
    }
}
