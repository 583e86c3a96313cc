/// An email address as staff type it, trimmed; compared and looked up ignoring case (the
/// database's unique index is on `lower(email)`). Only the shape is checked: one `@` with
/// something on both sides, no spaces, at most 254 bytes.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init(_ raw: String) throws(StaffAccountError) {
        let trimmed = raw.trimmingWhitespace()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard (3...254).contains(trimmed.utf8.count), parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
            !trimmed.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F
            })
        else { throw .invalidEmail }
        value = trimmed
    }

    /// The lookup key.
    public var normalized: String { value.lowercased() }

    public var description: String { value }

    public static func == (a: EmailAddress, b: EmailAddress) -> Bool { a.normalized == b.normalized }
    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
