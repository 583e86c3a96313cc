/// Cookies (RFC 6265): reading a request's `Cookie` header and writing `Set-Cookie`.
public enum Cookies {
    /// The value of cookie `name` in the request's `Cookie` header(s), or nil. Pairs are split on
    /// `;`, names compared exactly, surrounding spaces and a pair of double quotes removed (§5.4).
    public static func value(_ name: String, in headers: HTTPHeaders) -> String? {
        for header in headers.values(for: "Cookie") {
            for pair in header.split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let key = pair[..<equals].trimmingSpaces()
                guard key == name else { continue }
                var value = pair[pair.index(after: equals)...].trimmingSpaces()
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                    value = String(value.dropFirst().dropLast())
                }
                return value
            }
        }
        return nil
    }

    /// A `Set-Cookie` value. `maxAge` nil: a session cookie; 0: delete it. `name` and `value` must be
    /// cookie-octets (the caller's tokens are base64url).
    public static func setCookie(
        _ name: String, _ value: String, path: String = "/", maxAge: Int? = nil, httpOnly: Bool = true,
        sameSite: String = "Lax", secure: Bool
    ) -> String {
        var parts = ["\(name)=\(value)", "Path=\(path)"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if httpOnly { parts.append("HttpOnly") }
        parts.append("SameSite=\(sameSite)")
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        var slice = self[...]
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
