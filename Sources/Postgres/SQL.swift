/// A SQL statement whose interpolated values become bound parameters (`$1`, `$2`, …).
///
/// ```swift
/// let sql: SQL = "SELECT id FROM \(ident: schema).posts WHERE author = \(name) LIMIT \(limit)"
/// // text: SELECT id FROM "tenant_cafe".posts WHERE author = $1 LIMIT $2
/// ```
/// Values can never change the statement's structure, so building queries this way is
/// injection-safe by construction. Raw text needs an explicit `\(unsafeRaw:)` or `SQL(unsafe:)`.
public struct SQL: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    enum Segment: Sendable {
        case raw(String)
        case bind(PostgresValue)
    }

    private(set) var segments: [Segment]

    public init(stringLiteral value: String) {
        segments = [.raw(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        segments = stringInterpolation.segments
    }

    /// A whole statement of trusted text (a constant, a migration file). Never pass user input.
    public init(unsafe text: String) {
        segments = [.raw(text)]
    }

    /// The statement text with `$n` placeholders.
    public var text: String {
        var out = ""
        var n = 0
        for segment in segments {
            switch segment {
            case .raw(let s): out += s
            case .bind:
                n += 1
                out += "$\(n)"
            }
        }
        return out
    }

    /// The bound values, in placeholder order.
    public var binds: [PostgresValue] {
        segments.compactMap { segment in
            if case .bind(let value) = segment { return value }
            return nil
        }
    }

    /// The text only: parameter values are not shown (they may be personal data).
    public var description: String { text }

    /// Appends another fragment, renumbering its parameters.
    public mutating func append(_ other: SQL) {
        segments += other.segments
    }

    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var result = lhs
        result.append(rhs)
        return result
    }

    /// Joins fragments with a trusted separator, e.g. `SQL.join(conditions, separator: " AND ")`.
    public static func join(_ parts: [SQL], separator: String) -> SQL {
        var result = SQL(unsafe: "")
        for (i, part) in parts.enumerated() {
            if i > 0 { result.segments.append(.raw(separator)) }
            result.append(part)
        }
        return result
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var segments: [Segment] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            segments.reserveCapacity(interpolationCount * 2 + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { segments.append(.raw(literal)) }
        }

        /// Binds `value` as the next `$n` parameter.
        public mutating func appendInterpolation<T: PostgresEncodable>(_ value: T) {
            segments.append(.bind(value.postgresValue))
        }

        /// Binds an optional value; `nil` becomes SQL NULL. (A separate overload so that binding
        /// optionals does not trigger the compiler's "debug description for an optional" warning.)
        public mutating func appendInterpolation<T: PostgresEncodable>(_ value: T?) {
            segments.append(.bind(value.postgresValue))
        }

        /// Inserts a validated identifier, double-quoted.
        public mutating func appendInterpolation(ident: Identifier) {
            segments.append(.raw(ident.quoted))
        }

        /// Inserts raw text. Only for trusted constants, never for input.
        public mutating func appendInterpolation(unsafeRaw text: String) {
            segments.append(.raw(text))
        }

        /// Inserts another SQL fragment; its parameters are renumbered in place.
        public mutating func appendInterpolation(fragment: SQL) {
            segments += fragment.segments
        }
    }
}
