/// A one-dimensional array parameter, sent as PostgreSQL's array text form (`{"a","b",NULL}`).
/// Cast it in SQL (`\(array)::text[]`, `::bigint[]`); with `unnest` one statement inserts many rows.
public struct PostgresArray: PostgresEncodable, Equatable {
    public let literal: String

    public init(_ values: [String?]) {
        var out = "{"
        out.reserveCapacity(values.count * 16)
        for (i, value) in values.enumerated() {
            if i > 0 { out += "," }
            guard let value else {
                out += "NULL"
                continue
            }
            out += "\""
            for scalar in value.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { out += "\\" }
                out.unicodeScalars.append(scalar)
            }
            out += "\""
        }
        literal = out + "}"
    }

    public init(_ values: [Int64]) {
        literal = "{" + values.map(String.init).joined(separator: ",") + "}"
    }

    public var postgresValue: PostgresValue { .text(literal) }
}
