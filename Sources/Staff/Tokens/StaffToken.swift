import Kernel
import TesseraCrypto

/// A staff API token, `tsr_` + 43 base64url characters (32 random bytes). Only its SHA-256 (hex)
/// is stored; the token itself exists once, when it is created. `description` is redacted.
public struct StaffToken: Sendable, Equatable, CustomStringConvertible {
    public static let prefix = "tsr_"
    public let value: String

    /// A fresh random token.
    public static func generate() -> StaffToken {
        StaffToken(unchecked: prefix + Base64URL.encode(SecureRandom.bytes(32)))
    }

    private init(unchecked value: String) { self.value = value }

    /// Accepts a token as presented (shape only; whether it exists is the store's question).
    public init?(_ raw: String) {
        let body = raw.utf8.dropFirst(Self.prefix.utf8.count)
        guard raw.hasPrefix(Self.prefix), body.count == 43,
            body.allSatisfy({ b in
                (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F
            })
        else { return nil }
        value = raw
    }

    /// The stored form: SHA-256 of the token's bytes, lowercase hex.
    public var hash: String { Self.hash(value) }

    public static func hash(_ raw: String) -> String { Hex.encode(SHA256.hash(Array(raw.utf8))) }

    public var description: String { "StaffToken(tsr_•••)" }
}
