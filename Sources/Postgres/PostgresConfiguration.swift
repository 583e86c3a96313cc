import CLibPQ

/// Where and how to connect: a parsed `postgres://` / `postgresql://` URL or key=value conninfo string.
///
/// Parsing is libpq's own (`PQconninfoParse`), so every libpq keyword (`sslmode`, `connect_timeout`,
/// `application_name`, a unix-socket `host=/path`…) is understood. `description` redacts secrets.
public struct PostgresConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// libpq connection keywords and values (`host`, `port`, `dbname`, `user`, `password`, `sslmode`…).
    public private(set) var parameters: [String: String]

    /// Keywords whose values are never shown in `description`.
    static let secretKeywords: Set<String> = ["password", "sslpassword"]

    /// Parses a `postgres://user:pass@host:port/db?sslmode=…` URL or a `host=… dbname=…` conninfo string.
    public init(url: String) throws(PostgresError) {
        let trimmed = url.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            throw PostgresError(kind: .configuration, message: "empty connection string")
        }
        if trimmed.contains("://"), !(trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://")) {
            let scheme = trimmed.prefix { $0 != ":" }
            throw PostgresError(
                kind: .configuration,
                message: "unsupported URL scheme \"\(scheme)\": expected postgres:// or postgresql://")
        }
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(trimmed, &errorMessage) else {
            // libpq's parse error may quote a fragment of the input (possibly the password), so it
            // goes into `detail`, which `description` never shows.
            var detail: String?
            if let errorMessage {
                detail = String(cString: errorMessage).trimmingWhitespace()
                PQfreemem(errorMessage)
            }
            throw PostgresError(
                kind: .configuration,
                message: "invalid connection string (expected a postgres:// URL or key=value pairs)",
                detail: detail)
        }
        defer { PQconninfoFree(options) }
        var parameters: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                parameters[String(cString: keyword)] = String(cString: value)
            }
            option += 1
        }
        self.parameters = parameters
        if let port = parameters["port"], !port.contains(","), Int(port) == nil {
            throw PostgresError(kind: .configuration, message: "invalid port \"\(port)\"")
        }
    }

    /// A configuration from parts; `parameters` adds other libpq keywords (e.g. `["sslmode": "require"]`).
    public init(
        host: String = "127.0.0.1", port: Int = 5432, user: String, password: String? = nil, database: String,
        parameters: [String: String] = [:]
    ) {
        var all = parameters
        all["host"] = host
        all["port"] = String(port)
        all["user"] = user
        all["dbname"] = database
        if let password { all["password"] = password }
        self.parameters = all
    }

    public var host: String? { parameters["host"] ?? parameters["hostaddr"] }
    public var port: Int? { parameters["port"].flatMap { Int($0) } }
    public var user: String? { parameters["user"] }
    public var database: String? { parameters["dbname"] }
    public var hasPassword: Bool { parameters["password"] != nil }

    /// A copy with `keyword` set (or removed when `value` is nil).
    public func setting(_ keyword: String, to value: String?) -> PostgresConfiguration {
        var copy = self
        copy.parameters[keyword] = value
        return copy
    }

    /// A copy that connects to another database on the same server.
    public func withDatabase(_ name: String) -> PostgresConfiguration {
        setting("dbname", to: name)
    }

    /// The configuration as a `postgresql://` URL. Contains the password: never log it.
    public var url: String { makeURL(redacted: false) }

    /// The URL with secrets replaced by `***`.
    public var description: String { makeURL(redacted: true) }

    /// Keyword/value pairs for `PQconnectdbParams`, with a default `connect_timeout` so an
    /// unreachable host fails instead of hanging a worker thread.
    var connectionKeywords: [(String, String)] {
        var all = parameters
        if all["connect_timeout"] == nil { all["connect_timeout"] = "10" }
        return all.sorted { $0.key < $1.key }
    }

    private func makeURL(redacted: Bool) -> String {
        var out = "postgresql://"
        if let user {
            out += Self.percentEncode(user)
            if let password = parameters["password"] {
                out += ":" + (redacted ? "***" : Self.percentEncode(password))
            }
            out += "@"
        }
        var query: [(String, String)] = []
        if let host = parameters["host"] {
            if !host.isEmpty, !host.contains("/"), !host.contains(","), !host.contains("@") {
                out += host.contains(":") ? "[\(host)]" : Self.percentEncode(host)
            } else {
                query.append(("host", host))
            }
        }
        if let port = parameters["port"] {
            if port.contains(",") { query.append(("port", port)) } else { out += ":" + port }
        }
        out += "/"
        if let database { out += Self.percentEncode(database) }
        for (key, value) in parameters.sorted(by: { $0.key < $1.key })
        where !["host", "port", "user", "password", "dbname"].contains(key) {
            let shown = redacted && Self.secretKeywords.contains(key) ? "***" : value
            query.append((key, shown))
        }
        if !query.isEmpty {
            out += "?" + query.map { Self.percentEncode($0.0) + "=" + Self.percentEncode($0.1) }.joined(separator: "&")
        }
        return out
    }

    static func percentEncode(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        for b in s.utf8 {
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E:
                out.append(b)
            default:
                out += [0x25, hex[Int(b >> 4)], hex[Int(b & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
