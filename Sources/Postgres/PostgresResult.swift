/// The rows of a query result, copied out of libpq (so it is a plain, shareable value).
public struct PostgresResult: Sequence, Sendable {
    /// Column names and type OIDs, shared by every row.
    final class Columns: Sendable {
        let names: [String]
        let typeOIDs: [UInt32]
        let indexByName: [String: Int]

        init(names: [String], typeOIDs: [UInt32]) {
            self.names = names
            self.typeOIDs = typeOIDs
            var index: [String: Int] = [:]
            for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
            self.indexByName = index
        }
    }

    let columns: Columns
    let rows: [[String?]]
    /// Rows affected by INSERT/UPDATE/DELETE/… (`PQcmdTuples`), 0 when not applicable.
    public let rowsAffected: Int

    init(columns: Columns, rows: [[String?]], rowsAffected: Int) {
        self.columns = columns
        self.rows = rows
        self.rowsAffected = rowsAffected
    }

    /// Number of rows.
    public var count: Int { rows.count }
    public var isEmpty: Bool { rows.isEmpty }
    /// Column names in order.
    public var columnNames: [String] { columns.names }
    /// The first row, if any.
    public var first: PostgresRow? { rows.isEmpty ? nil : self[0] }

    public subscript(index: Int) -> PostgresRow {
        PostgresRow(columns: columns, values: rows[index])
    }

    public func makeIterator() -> Iterator {
        Iterator(result: self)
    }

    public struct Iterator: IteratorProtocol {
        let result: PostgresResult
        var index = 0

        public mutating func next() -> PostgresRow? {
            guard index < result.rows.count else { return nil }
            defer { index += 1 }
            return result[index]
        }
    }
}

/// One row of a `PostgresResult`.
public struct PostgresRow: Sendable {
    let columns: PostgresResult.Columns
    let values: [String?]

    public var columnNames: [String] { columns.names }

    /// Decodes column `column` (0-based). NULL decodes only into an Optional.
    public func decode<T: PostgresDecodable>(_ type: T.Type, _ column: Int) throws(PostgresError) -> T {
        guard column >= 0, column < values.count else {
            throw PostgresError(
                kind: .decoding, message: "column index \(column) out of range (\(values.count) columns)")
        }
        do {
            guard let text = values[column] else { return try T.decodeNull() }
            return try T(postgresText: text, typeOID: columns.typeOIDs[column])
        } catch {
            throw PostgresError(kind: .decoding, message: "column \"\(columns.names[column])\": \(error.message)")
        }
    }

    /// Decodes the column named `name` (the first one, if several share it).
    public func decode<T: PostgresDecodable>(_ type: T.Type, _ name: String) throws(PostgresError) -> T {
        try decode(type, try index(of: name))
    }

    /// Whether column `column` is SQL NULL.
    public func isNull(_ column: Int) -> Bool {
        column >= 0 && column < values.count ? values[column] == nil : true
    }

    /// Whether the column named `name` is SQL NULL (true for an unknown name).
    public func isNull(_ name: String) -> Bool {
        guard let i = columns.indexByName[name] else { return true }
        return values[i] == nil
    }

    /// The raw text of a column, as the server sent it.
    public func text(_ column: Int) -> String? {
        column >= 0 && column < values.count ? values[column] : nil
    }

    private func index(of name: String) throws(PostgresError) -> Int {
        guard let i = columns.indexByName[name] else {
            throw PostgresError(
                kind: .decoding,
                message: "no column \"\(name)\" (columns: \(columns.names.joined(separator: ", ")))")
        }
        return i
    }
}
