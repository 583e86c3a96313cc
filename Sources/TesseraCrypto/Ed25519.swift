import COpenSSL

/// Ed25519 signatures (RFC 8032) through OpenSSL's `EVP_PKEY_ED25519`.
public enum Ed25519 {
    /// Public key length in bytes.
    public static let publicKeyLength = 32
    /// Private key (seed) length in bytes.
    public static let privateKeyLength = 32
    /// Signature length in bytes.
    public static let signatureLength = 64

    /// A key pair: the 32-byte seed (`privateKey`) and its 32-byte `publicKey`.
    public struct KeyPair: Sendable, Equatable {
        public let publicKey: [UInt8]
        public let privateKey: [UInt8]

        public init(publicKey: [UInt8], privateKey: [UInt8]) {
            self.publicKey = publicKey
            self.privateKey = privateKey
        }
    }

    /// Creates a key pair from a fresh random seed.
    public static func generateKeyPair() -> KeyPair {
        let seed = SecureRandom.bytes(privateKeyLength)
        do {
            return KeyPair(publicKey: try publicKey(forPrivateKey: seed), privateKey: seed)
        } catch {
            // A correctly sized random seed is always a valid Ed25519 private key.
            preconditionFailure("Ed25519 key generation failed: \(error)")
        }
    }

    /// Derives the public key of a 32-byte private key (seed).
    public static func publicKey(forPrivateKey privateKey: [UInt8]) throws(CryptoError) -> [UInt8] {
        let key = try privateKeyObject(privateKey)
        defer { EVP_PKEY_free(key) }
        var publicKey = [UInt8](repeating: 0, count: publicKeyLength)
        var length = publicKeyLength
        guard EVP_PKEY_get_raw_public_key(key, &publicKey, &length) == 1, length == publicKeyLength else {
            throw OpenSSLSupport.error("EVP_PKEY_get_raw_public_key")
        }
        return publicKey
    }

    /// Signs `message` with a 32-byte private key (seed); returns the 64-byte signature.
    public static func sign(message: [UInt8], privateKey: [UInt8]) throws(CryptoError) -> [UInt8] {
        let key = try privateKeyObject(privateKey)
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { throw OpenSSLSupport.error("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        // Ed25519 hashes internally (PureEdDSA), so the digest argument must be NULL.
        guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1 else {
            throw OpenSSLSupport.error("EVP_DigestSignInit")
        }
        var signature = [UInt8](repeating: 0, count: signatureLength)
        var length = signatureLength
        let ok = OpenSSLSupport.withBytes(message) { pointer, count in
            EVP_DigestSign(context, &signature, &length, pointer, count)
        }
        guard ok == 1, length == signatureLength else { throw OpenSSLSupport.error("EVP_DigestSign") }
        return signature
    }

    /// True when `signature` is a valid Ed25519 signature of `message` under `publicKey`.
    /// Wrong lengths and malformed keys are simply invalid (false).
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureLength, publicKey.count == publicKeyLength else { return false }
        guard let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, publicKey, publicKey.count) else {
            ERR_clear_error()
            return false
        }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1 else {
            ERR_clear_error()
            return false
        }
        let result = OpenSSLSupport.withBytes(message) { pointer, count in
            EVP_DigestVerify(context, signature, signature.count, pointer, count)
        }
        // OpenSSL reports a bad signature through the error queue too; drop it so it cannot be
        // mistaken for the cause of a later, unrelated failure on this thread.
        ERR_clear_error()
        return result == 1
    }

    private static func privateKeyObject(_ privateKey: [UInt8]) throws(CryptoError) -> OpaquePointer {
        guard privateKey.count == privateKeyLength else {
            throw .invalidKeyLength(expected: privateKeyLength, actual: privateKey.count)
        }
        guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, privateKey, privateKey.count) else {
            throw OpenSSLSupport.error("EVP_PKEY_new_raw_private_key")
        }
        return key
    }
}
