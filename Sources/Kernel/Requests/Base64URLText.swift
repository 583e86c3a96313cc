import TesseraCrypto

/// Opaque cursors: text ↔ base64url.
public enum Base64URLText {
    public static func encode(_ text: String) -> String { Base64URL.encode(Array(text.utf8)) }

    public static func decode(_ encoded: String) -> String? {
        guard let bytes = Base64URL.decode(encoded) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}
