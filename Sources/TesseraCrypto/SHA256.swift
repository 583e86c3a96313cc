import COpenSSL

/// SHA-256 (FIPS 180-4) through OpenSSL's `EVP_Digest`.
public enum SHA256 {
    /// The digest length in bytes.
    public static let digestLength = 32

    /// Returns the 32-byte SHA-256 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: digestLength)
        var length: UInt32 = 0
        let ok = OpenSSLSupport.withBytes(bytes) { pointer, count in
            EVP_Digest(pointer, count, &digest, &length, EVP_sha256(), nil)
        }
        // SHA-256 over memory cannot fail short of a broken OpenSSL installation.
        precondition(ok == 1 && length == 32, "EVP_Digest(SHA-256) failed: \(OpenSSLSupport.error("EVP_Digest"))")
        return digest
    }
}
