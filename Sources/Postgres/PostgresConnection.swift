import CLibPQ
import Foundation

/// One libpq connection. Synchronous and blocking: use it from one thread at a time, never from
/// Swift concurrency's cooperative pool (use `PostgresPool.run` from async code).
///
/// Parameters are sent in text format and results read in text format; see `PostgresDecodable`.
public final class PostgresConnection {
    let handle: OpaquePointer
    public let configuration: PostgresConfiguration
    /// Nesting depth of `transaction` calls (0 = none active through this API).
    var transactionDepth = 0

    /// Connects (blocking) with `PQconnectdbParams`.
    public init(configuration: PostgresConfiguration) throws(PostgresError) {
        self.configuration = configuration
        let pairs = configuration.connectionKeywords
        let keywords = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer {
            for pointer in keywords { free(pointer) }
            for pointer in values { free(pointer) }
        }
        let keywordPointers = keywords.map { UnsafePointer<CChar>($0) } + [nil]
        let valuePointers = values.map { UnsafePointer<CChar>($0) } + [nil]
        guard let conn = PQconnectdbParams(keywordPointers, valuePointers, 0) else {
            throw PostgresError(kind: .connection, message: "libpq could not allocate a connection")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = Self.trimmedMessage(PQerrorMessage(conn))
            PQfinish(conn)
            throw PostgresError(
                kind: .connection, sqlState: "08001",
                message: "could not connect to \(configuration.host ?? "default host"): \(message)")
        }
        self.handle = conn
        // Notices ("relation already exists, skipping"…) would otherwise go straight to stderr.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        try ensureISODateStyle()
    }

    /// Connects to a URL or conninfo string.
    public convenience init(url: String) throws(PostgresError) {
        try self.init(configuration: PostgresConfiguration(url: url))
    }

    deinit {
        PQfinish(handle)
    }

    /// Whether libpq considers the connection usable (`PQstatus == CONNECTION_OK`).
    /// A server that went away is only noticed by the next round trip; see `ping()`.
    public var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Whether a transaction block is open (or failed and awaiting ROLLBACK).
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// The server process id serving this connection (`pg_backend_pid()`).
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// The server's version number, e.g. 150004.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// A round trip (`SELECT 1`); false if the connection is dead.
    public func ping() -> Bool {
        guard let result = PQexec(handle, "SELECT 1") else { return false }
        defer { PQclear(result) }
        return PQresultStatus(result) == PGRES_TUPLES_OK
    }

    /// Re-establishes the connection with the same parameters (`PQreset`). Open transactions are lost.
    public func reset() throws(PostgresError) {
        PQreset(handle)
        transactionDepth = 0
        guard isConnected else {
            throw PostgresError(
                kind: .connection, sqlState: "08001",
                message: "could not reconnect: \(Self.trimmedMessage(PQerrorMessage(handle)))")
        }
        try ensureISODateStyle()
    }

    /// Runs one statement with bound parameters and returns its rows.
    public func query(_ sql: SQL) throws(PostgresError) -> PostgresResult {
        let result = try executeParams(sql)
        defer { PQclear(result) }
        return Self.copyResult(result)
    }

    /// Runs one statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ sql: SQL) throws(PostgresError) -> Int {
        let result = try executeParams(sql)
        defer { PQclear(result) }
        return Self.rowsAffected(result)
    }

    /// Runs a script of one or more statements without parameters (`PQexec`), e.g. a migration.
    public func simpleQuery(_ text: String) throws(PostgresError) {
        guard !text.utf8.contains(0) else {
            throw PostgresError(kind: .query, sqlState: "22021", message: "SQL text contains a NUL byte")
        }
        guard let result = PQexec(handle, text) else { throw connectionLost() }
        defer { PQclear(result) }
        try check(result)
    }

    /// The value as it would be quoted in SQL text by `PQescapeLiteral` (for scripts; prefer binds).
    public func escapeLiteral(_ value: String) throws(PostgresError) -> String {
        let bytes = Array(value.utf8)
        guard let escaped = PQescapeLiteral(handle, value, bytes.count) else {
            throw PostgresError(kind: .query, message: Self.trimmedMessage(PQerrorMessage(handle)))
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    // MARK: - libpq plumbing

    private func executeParams(_ sql: SQL) throws(PostgresError) -> OpaquePointer {
        let binds = sql.binds
        var texts: [String?] = []
        texts.reserveCapacity(binds.count)
        for (i, bind) in binds.enumerated() {
            let text = bind.textRepresentation
            // A C string would silently stop at NUL; PostgreSQL text cannot hold it anyway.
            if let text, text.utf8.contains(0) {
                throw PostgresError(kind: .query, sqlState: "22021", message: "parameter $\(i + 1) contains a NUL byte")
            }
            texts.append(text)
        }
        let types = binds.map { Oid($0.typeOID) }
        let cStrings = texts.map { $0.map { strdup($0) } ?? nil }
        defer { for pointer in cStrings { free(pointer) } }
        let values = cStrings.map { $0.map { UnsafePointer<CChar>($0) } }
        let text = sql.text
        let result: OpaquePointer? = types.withUnsafeBufferPointer { typePointer in
            values.withUnsafeBufferPointer { valuePointer in
                PQexecParams(
                    handle, text, Int32(binds.count), binds.isEmpty ? nil : typePointer.baseAddress,
                    binds.isEmpty ? nil : valuePointer.baseAddress, nil, nil, 0)
            }
        }
        guard let result else { throw connectionLost() }
        do {
            try check(result)
        } catch {
            PQclear(result)
            throw error
        }
        return result
    }

    private func check(_ result: OpaquePointer) throws(PostgresError) {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            return
        default:
            throw error(from: result)
        }
    }

    private func error(from result: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field("C")
        let message = field("M") ?? Self.trimmedMessage(PQresultErrorMessage(result))
        let kind: PostgresError.Kind = isConnected ? .query : .connection
        return PostgresError(
            kind: kind, sqlState: sqlState,
            message: message.isEmpty ? Self.trimmedMessage(PQerrorMessage(handle)) : message,
            detail: field("D"), hint: field("H"), constraint: field("n"))
    }

    private func connectionLost() -> PostgresError {
        PostgresError(
            kind: isConnected ? .query : .connection, sqlState: isConnected ? nil : "08006",
            message: Self.trimmedMessage(PQerrorMessage(handle)))
    }

    /// Timestamps are parsed in ISO style; switch the session if the server default differs.
    private func ensureISODateStyle() throws(PostgresError) {
        if let style = PQparameterStatus(handle, "DateStyle"), String(cString: style).hasPrefix("ISO") { return }
        try simpleQuery("SET DateStyle TO ISO")
    }

    static func copyResult(_ result: OpaquePointer) -> PostgresResult {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var names: [String] = []
        var types: [UInt32] = []
        names.reserveCapacity(columnCount)
        for c in 0..<columnCount {
            names.append(String(cString: PQfname(result, Int32(c))))
            types.append(UInt32(PQftype(result, Int32(c))))
        }
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            var row: [String?] = []
            row.reserveCapacity(columnCount)
            for c in 0..<columnCount {
                if PQgetisnull(result, Int32(r), Int32(c)) == 1 {
                    row.append(nil)
                } else {
                    let length = Int(PQgetlength(result, Int32(r), Int32(c)))
                    let pointer = PQgetvalue(result, Int32(r), Int32(c))!
                    row.append(
                        pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
                            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                        })
                }
            }
            rows.append(row)
        }
        return PostgresResult(
            columns: PostgresResult.Columns(names: names, typeOIDs: types), rows: rows,
            rowsAffected: rowsAffected(result))
    }

    static func rowsAffected(_ result: OpaquePointer) -> Int {
        guard let text = PQcmdTuples(result) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    static func trimmedMessage(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown libpq error" }
        let text = String(cString: message).trimmingWhitespace()
        return text.isEmpty ? "unknown libpq error" : text
    }
}
