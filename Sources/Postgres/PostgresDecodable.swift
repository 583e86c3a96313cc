import Foundation

/// A Swift type that can be read from a column of a text-format result.
public protocol PostgresDecodable: Sendable {
    /// Decodes a non-NULL value from its text representation. `typeOID` is the column's type.
    init(postgresText text: String, typeOID: UInt32) throws(PostgresError)

    /// The value for SQL NULL; non-optional types throw.
    static func decodeNull() throws(PostgresError) -> Self
}

extension PostgresDecodable {
    public static func decodeNull() throws(PostgresError) -> Self {
        throw PostgresError(kind: .decoding, message: "unexpected NULL for non-optional \(Self.self)")
    }
}

@inline(__always)
private func decodingError<T>(_ text: String, as type: T.Type) -> PostgresError {
    let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
    return PostgresError(kind: .decoding, message: "cannot decode \"\(shown)\" as \(type)")
}

extension String: PostgresDecodable {
    /// Any column as its text form (text, varchar, jsonb, uuid, numeric…).
    public init(postgresText text: String, typeOID: UInt32) throws(PostgresError) { self = text }
}

extension Int64: PostgresDecodable {
    public init(postgresText text: String, typeOID: UInt32) throws(PostgresError) {
        guard let v = Int64(text) else { throw decodingError(text, as: Int64.self) }
        self = v
    }
}

extension Int: PostgresDecodable {
    public init(postgresText text: String, typeOID: UInt32) throws(PostgresError) {
        guard let v = Int(text) else { throw decodingError(text, as: Int.self) }
        self = v
    }
}

extension Int32: PostgresDecodable {
    public init(postgresText text: String, typeOID: UInt32) throws(PostgresError) {
        guard let v = Int32(text) else { throw decodingError(text, as: Int32.self) }
        self = v
    }
}

extension Bool: PostgresDecodable {
    public init(postgresText text: String, typeOID: UInt32) throws(PostgresError) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw decodingError(text, as: Bool.self)
        }
    }
}

extension Double: PostgresDecodable {
    public init(postgresText text: String, typeOID: UInt32) throws(PostgresError) {
        switch text {
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        case "NaN": self = .nan
        default:
            guard let v = Double(text), v.isFinite else { throw decodingError(text, as: Double.self) }
            self = v
        }
    }
}

extension Array: PostgresDecodable where Element == UInt8 {
    /// bytea in hex (`\x…`) or escape format.
    public init(postgresText text: String, typeOID: UInt32) throws(PostgresError) {
        guard let bytes = ByteaFormat.decode(text) else { throw decodingError(text, as: [UInt8].self) }
        self = bytes
    }
}

extension Date: PostgresDecodable {
    /// timestamptz, timestamp (taken as UTC) or date (UTC midnight) in ISO `DateStyle`.
    public init(postgresText text: String, typeOID: UInt32) throws(PostgresError) {
        guard let date = PostgresTimestamp.parse(text) else { throw decodingError(text, as: Date.self) }
        self = date
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText text: String, typeOID: UInt32) throws(PostgresError) {
        self = .some(try Wrapped(postgresText: text, typeOID: typeOID))
    }

    public static func decodeNull() throws(PostgresError) -> Wrapped? { nil }
}
