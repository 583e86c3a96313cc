import Postgres

/// A tenant's public name, `^[a-z][a-z0-9-]{2,39}$`, validated once at the edge.
public struct TenantSlug: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(_ raw: String) throws(TenancyError) {
        guard Self.isValid(raw) else { throw .invalidSlug(raw) }
        rawValue = raw
    }

    public static func isValid(_ raw: String) -> Bool {
        let bytes = Array(raw.utf8)
        guard (3...40).contains(bytes.count), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]) else {
            return false
        }
        return bytes.dropFirst().allSatisfy { b in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
                || b == UInt8(ascii: "-")
        }
    }

    /// The tenant's schema: `t_` + the slug with `-` turned into `_` (slugs never hold `_`, so
    /// two slugs never share a schema).
    public var schema: Identifier {
        // Safe: the slug alphabet maps into the identifier alphabet and stays under 63 bytes.
        try! Identifier("t_" + rawValue.replacingOccurrences(of: "-", with: "_"))
    }

    public var description: String { rawValue }
    public static func < (a: TenantSlug, b: TenantSlug) -> Bool { a.rawValue < b.rawValue }
}
