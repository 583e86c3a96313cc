/// A JSON Pointer (RFC 6901): a path of reference tokens from a document's root.
///
/// `description` renders the escaped form (`/sections/2/type`, `~0` for `~`, `~1` for `/`);
/// the root pointer renders as the empty string.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens.
    public private(set) var tokens: [String]

    /// The root pointer (the whole document).
    public static let root = JSONPointer()

    /// A pointer from unescaped `tokens`.
    public init(tokens: [String] = []) {
        self.tokens = tokens
    }

    /// Parses the escaped string form (`""`, `"/a/0/b~1c"`); `nil` when it does not start with `/`
    /// or holds an invalid `~` escape (RFC 6901 §3).
    public init?(_ string: String) {
        if string.isEmpty {
            self.init()
            return
        }
        guard string.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for raw in string.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = Self.unescape(raw) else { return nil }
            tokens.append(token)
        }
        self.init(tokens: tokens)
    }

    /// This pointer extended by an object member name.
    public func appending(_ key: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(key)
        return copy
    }

    /// This pointer extended by an array index.
    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    /// The pointer one level up (`nil` for the root).
    public var parent: JSONPointer? {
        guard !tokens.isEmpty else { return nil }
        return JSONPointer(tokens: Array(tokens.dropLast()))
    }

    /// Whether this is the root pointer.
    public var isRoot: Bool { tokens.isEmpty }

    public var description: String {
        var result = ""
        for token in tokens {
            result.append("/")
            result.append(Self.escape(token))
        }
        return result
    }

    /// Escapes one reference token: `~` → `~0`, `/` → `~1` (in that order, RFC 6901 §3).
    public static func escape(_ token: String) -> String {
        guard token.contains("~") || token.contains("/") else { return token }
        return token.replacingTildeAndSlash()
    }

    /// Unescapes one reference token; `nil` for `~` followed by anything but `0` or `1`.
    public static func unescape(_ token: Substring) -> String? {
        guard token.contains("~") else { return String(token) }
        var result = ""
        var iterator = token.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else {
                result.append(character)
                continue
            }
            switch iterator.next() {
            case "0": result.append("~")
            case "1": result.append("/")
            default: return nil
            }
        }
        return result
    }

    /// The array index a token denotes (`0` or no leading zeros, RFC 6901 §4), if any.
    public static func arrayIndex(_ token: String) -> Int? {
        guard let first = token.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else {
            return nil
        }
        if first == UInt8(ascii: "0") && token.utf8.count > 1 { return nil }
        return Int(token)
    }
}

extension String {
    fileprivate func replacingTildeAndSlash() -> String {
        var result = ""
        result.reserveCapacity(utf8.count + 2)
        for character in self {
            switch character {
            case "~": result.append("~0")
            case "/": result.append("~1")
            default: result.append(character)
            }
        }
        return result
    }
}
