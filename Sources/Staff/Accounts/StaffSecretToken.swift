import TesseraCrypto

/// A random secret handed out once: a link token (invitation, password reset, sign in with
/// Telegram) or a session token. 32 random bytes as 43 base64url characters; only its SHA-256
/// (hex) is stored, so a database dump opens nothing. `description` is redacted.
public struct StaffSecretToken: Sendable, Equatable, CustomStringConvertible {
    public let value: String

    /// A fresh random token.
    public static func generate() -> StaffSecretToken {
        StaffSecretToken(unchecked: Base64URL.encode(SecureRandom.bytes(32)))
    }

    private init(unchecked value: String) { self.value = value }

    /// Accepts a token as presented (shape only; whether it exists is the store's question).
    public init?(_ raw: String) {
        guard raw.utf8.count == 43, let bytes = Base64URL.decode(raw), bytes.count == 32 else { return nil }
        value = raw
    }

    /// The stored form: SHA-256 of the token's bytes, lowercase hex.
    public var hash: String { Hex.encode(SHA256.hash(Array(value.utf8))) }

    public var description: String { "StaffSecretToken(•••)" }
}
