/// A validated SQL identifier (schema, table, channel…) that can be spliced into SQL text safely.
///
/// Only `^[a-z_][a-z0-9_]{0,62}$` is accepted, so the quoted form never needs escaping and
/// matches what PostgreSQL would store for the unquoted name.
public struct Identifier: Sendable, Hashable, CustomStringConvertible {
    /// The name as given, e.g. `tenant_cafe`.
    public let raw: String

    /// Validates `raw`; throws a `.configuration` error if it is not a plain lowercase identifier.
    public init(_ raw: String) throws(PostgresError) {
        guard Identifier.isValid(raw) else {
            let shown = raw.count > 70 ? String(raw.prefix(70)) + "…" : raw
            throw PostgresError(
                kind: .configuration,
                message: "invalid identifier \"\(shown)\": must match ^[a-z_][a-z0-9_]{0,62}$")
        }
        self.raw = raw
    }

    /// The double-quoted form, e.g. `"tenant_cafe"`.
    public var quoted: String { "\"\(raw)\"" }

    public var description: String { raw }

    /// Whether `raw` matches `^[a-z_][a-z0-9_]{0,62}$`.
    public static func isValid(_ raw: String) -> Bool {
        let bytes = Array(raw.utf8)
        guard let first = bytes.first, bytes.count <= 63 else { return false }
        func isLowerOrUnderscore(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || b == 0x5F }
        guard isLowerOrUnderscore(first) else { return false }
        return bytes.allSatisfy { isLowerOrUnderscore($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}
