import Foundation

/// One parameter of a URL query, as `QueryReader` hands it out: known and given once.
public struct QueryParameter: Sendable, Equatable {
    public let name: String
    /// The value as sent.
    public let raw: String
    /// The value without surrounding spaces.
    public var value: String { raw.trimmingCharacters(in: .whitespaces) }

    public init(name: String, raw: String) {
        self.name = name
        self.raw = raw
    }
}

/// Reads a staff list's URL query the same way on every screen: an unknown or repeated parameter
/// is a problem, each value's problem names its parameter, and `finish` throws every problem at
/// once as one 422 (nothing was read, nothing changed). Used within one request, never shared.
public final class QueryReader {
    public private(set) var problems: [FieldProblem] = []

    public init() {}

    /// Calls `body` with each parameter of `items` that `allowed` names, the first time it
    /// appears; the others become problems. Problems keep the order of the query.
    public func read(
        _ items: [(name: String, value: String)], allowed: [String], _ body: (QueryParameter) -> Void
    ) {
        var seen: Set<String> = []
        for (name, value) in items {
            guard allowed.contains(name) else {
                fail(name, "unknown parameter; expected one of \(allowed.joined(separator: ", "))")
                continue
            }
            guard seen.insert(name).inserted else {
                fail(name, "given more than once")
                continue
            }
            body(QueryParameter(name: name, raw: value))
        }
    }

    public func fail(_ name: String, _ message: String) {
        problems.append(FieldProblem(name, message))
    }

    /// `true` or `false`.
    public func flag(_ p: QueryParameter) -> Bool? {
        switch p.value {
        case "true": return true
        case "false": return false
        default:
            fail(p.name, "expected true or false")
            return nil
        }
    }

    /// A non-empty text of at most `max` characters.
    public func text(_ p: QueryParameter, max: Int) -> String? {
        let value = p.value
        guard !value.isEmpty else {
            fail(p.name, "must not be empty")
            return nil
        }
        guard value.count <= max else {
            fail(p.name, "must be at most \(max) characters (got \(value.count))")
            return nil
        }
        return value
    }

    /// An RFC 3339 instant.
    public func instant(_ p: QueryParameter) -> Date? {
        guard let date = Instant.parse(p.value) else {
            fail(p.name, "expected \(Instant.expected)")
            return nil
        }
        return date
    }

    /// A page size from 1 to `max`.
    public func limit(_ p: QueryParameter, max: Int) -> Int? {
        guard let n = Int(p.value), (1...max).contains(n) else {
            fail(p.name, "expected an integer from 1 to \(max)")
            return nil
        }
        return n
    }

    /// One of `options`, by raw value.
    public func choice<T: RawRepresentable<String>>(_ p: QueryParameter, _ options: [T]) -> T? {
        guard let option = options.first(where: { $0.rawValue == p.value }) else {
            fail(p.name, "expected one of \(options.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return option
    }

    /// A problem when both ends of a range are given and `to` is before `from`.
    public func ordered(_ from: Date?, _ to: Date?, fromName: String, toName: String) {
        if let from, let to, from > to { fail(toName, "must not be before \(fromName)") }
    }

    /// Throws the problems found, if any, as one 422.
    public func finish() throws(AreaError) {
        if !problems.isEmpty { throw .validation(problems) }
    }
}
