import COpenSSL

/// HMAC-SHA256 (RFC 2104, RFC 4231) through OpenSSL's one-shot `HMAC()`.
public enum HMACSHA256 {
    /// The tag length in bytes.
    public static let tagLength = 32

    /// Returns the 32-byte HMAC-SHA256 of `message` under `key` (any key length is valid).
    public static func authenticate(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: tagLength)
        var length: UInt32 = 0
        let result = OpenSSLSupport.withBytes(key) { keyPointer, keyCount in
            OpenSSLSupport.withBytes(message) { messagePointer, messageCount in
                HMAC(EVP_sha256(), keyPointer, Int32(keyCount), messagePointer, messageCount, &tag, &length)
            }
        }
        // HMAC over memory cannot fail short of a broken OpenSSL installation.
        precondition(result != nil && length == 32, "HMAC(SHA-256) failed: \(OpenSSLSupport.error("HMAC"))")
        return tag
    }
}
