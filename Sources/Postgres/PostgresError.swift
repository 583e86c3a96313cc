/// An error from the Postgres module: a failed connection, a rejected statement, an undecodable value,
/// a bad configuration or a pool that could not hand out a connection.
///
/// `description` never contains bound parameter values, passwords or `detail` (which may quote row data).
public struct PostgresError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong, broadly.
    public enum Kind: String, Sendable, Equatable {
        case connection, query, decoding, configuration, poolTimeout, poolClosed
    }

    public var kind: Kind
    /// The five-character SQLSTATE reported by the server (e.g. `23505` unique_violation), if any.
    public var sqlState: String?
    /// The primary, human-readable message.
    public var message: String
    /// The server's DETAIL field; may contain row values, so it is not part of `description`.
    public var detail: String?
    /// The server's HINT field, if any.
    public var hint: String?
    /// The constraint named by the server (e.g. for unique or foreign-key violations), if any.
    public var constraint: String?

    public init(
        kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil, hint: String? = nil,
        constraint: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
    }

    public var description: String {
        var text = "PostgresError(\(kind.rawValue)"
        if let sqlState { text += ", sqlstate \(sqlState)" }
        text += "): \(message)"
        if let hint { text += " (hint: \(hint))" }
        return text
    }

    /// True for SQLSTATE 23505 (unique_violation).
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// True for SQLSTATE 22021 (character_not_in_repertoire: a NUL in text) and 22P05
    /// (untranslatable_character: `\u0000` in jsonb): the request carried text the database cannot hold.
    public var isUnstorableCharacter: Bool { sqlState == "22021" || sqlState == "22P05" }
    /// True for SQLSTATE 40001/40P01 (serialization failure, deadlock): the transaction may be retried.
    public var isRetryableTransactionFailure: Bool { sqlState == "40001" || sqlState == "40P01" }
}
