/// A parameter value as sent to PostgreSQL (in text format).
public enum PostgresValue: Sendable, Equatable {
    case null
    case text(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case bytes([UInt8])

    /// The text-format representation libpq sends, or nil for NULL.
    var textRepresentation: String? {
        switch self {
        case .null: return nil
        case .text(let s): return s
        case .int(let i): return String(i)
        case .double(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
            return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .bytes(let b): return ByteaFormat.encodeHex(b)
        }
    }

    /// The parameter type OID to declare: bytea for bytes (so `\x…` is not taken as text), otherwise
    /// 0 so the server infers the type from context (`LIMIT $1`, `substr(t, $1)`, a jsonb column…).
    var typeOID: UInt32 {
        if case .bytes = self { return 17 }
        return 0
    }
}
