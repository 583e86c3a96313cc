import COpenSSL

/// AES-256 in Galois/Counter Mode (NIST SP 800-38D) through OpenSSL's EVP interface.
///
/// A sealed box is `nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)`; the nonce is random for
/// every `seal`, so a key can seal about 2³² messages before nonce reuse becomes a risk.
public enum AES256GCM {
    /// Key length in bytes.
    public static let keyLength = 32
    /// Nonce (IV) length in bytes.
    public static let nonceLength = 12
    /// Authentication tag length in bytes.
    public static let tagLength = 16

    /// Encrypts and authenticates `plaintext` (and authenticates `associatedData`) under a
    /// 32-byte `key` with a fresh random nonce. Returns `nonce ‖ ciphertext ‖ tag`.
    public static func seal(
        _ plaintext: [UInt8],
        key: [UInt8],
        associatedData: [UInt8] = []
    ) throws(CryptoError) -> [UInt8] {
        try seal(plaintext, key: key, nonce: SecureRandom.bytes(nonceLength), associatedData: associatedData)
    }

    /// Seals with a caller-chosen nonce. Internal: reusing a nonce under one key breaks GCM,
    /// so only known-answer tests may pick it.
    static func seal(
        _ plaintext: [UInt8],
        key: [UInt8],
        nonce: [UInt8],
        associatedData: [UInt8] = []
    ) throws(CryptoError) -> [UInt8] {
        guard key.count == keyLength else { throw .invalidKeyLength(expected: keyLength, actual: key.count) }
        guard nonce.count == nonceLength else {
            throw .invalidNonceLength(expected: nonceLength, actual: nonce.count)
        }
        try checkSize(plaintext)
        try checkSize(associatedData)
        guard let context = EVP_CIPHER_CTX_new() else { throw OpenSSLSupport.error("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(context) }

        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1 else {
            throw OpenSSLSupport.error("EVP_EncryptInit_ex")
        }
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceLength), nil) == 1 else {
            throw OpenSSLSupport.error("EVP_CIPHER_CTX_ctrl(SET_IVLEN)")
        }
        guard EVP_EncryptInit_ex(context, nil, nil, key, nonce) == 1 else {
            throw OpenSSLSupport.error("EVP_EncryptInit_ex")
        }
        var length: Int32 = 0
        if !associatedData.isEmpty {
            guard EVP_EncryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count)) == 1 else {
                throw OpenSSLSupport.error("EVP_EncryptUpdate(AAD)")
            }
        }

        // GCM is a stream mode: the ciphertext is exactly as long as the plaintext.
        var output = nonce + [UInt8](repeating: 0, count: plaintext.count + tagLength)
        var written = 0
        try output.withUnsafeMutableBufferPointer { (buffer) throws(CryptoError) in
            let body = buffer.baseAddress! + nonceLength
            if !plaintext.isEmpty {
                guard EVP_EncryptUpdate(context, body, &length, plaintext, Int32(plaintext.count)) == 1 else {
                    throw OpenSSLSupport.error("EVP_EncryptUpdate")
                }
                written = Int(length)
            }
            guard EVP_EncryptFinal_ex(context, body + written, &length) == 1 else {
                throw OpenSSLSupport.error("EVP_EncryptFinal_ex")
            }
            written += Int(length)
            guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagLength), body + written) == 1 else {
                throw OpenSSLSupport.error("EVP_CIPHER_CTX_ctrl(GET_TAG)")
            }
        }
        precondition(written == plaintext.count, "AES-GCM produced \(written) bytes for \(plaintext.count)")
        return output
    }

    /// Verifies and decrypts a box made by `seal` with the same `key` and `associatedData`.
    /// Throws `CryptoError.authenticationFailed` when anything was modified or the key is wrong.
    public static func open(
        _ sealed: [UInt8],
        key: [UInt8],
        associatedData: [UInt8] = []
    ) throws(CryptoError) -> [UInt8] {
        guard key.count == keyLength else { throw .invalidKeyLength(expected: keyLength, actual: key.count) }
        guard sealed.count >= nonceLength + tagLength else {
            throw .sealedDataTooShort(minimum: nonceLength + tagLength, actual: sealed.count)
        }
        try checkSize(sealed)
        try checkSize(associatedData)
        let nonce = Array(sealed[..<nonceLength])
        let ciphertext = Array(sealed[nonceLength..<(sealed.count - tagLength)])
        var tag = Array(sealed[(sealed.count - tagLength)...])

        guard let context = EVP_CIPHER_CTX_new() else { throw OpenSSLSupport.error("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(context) }

        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1 else {
            throw OpenSSLSupport.error("EVP_DecryptInit_ex")
        }
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceLength), nil) == 1 else {
            throw OpenSSLSupport.error("EVP_CIPHER_CTX_ctrl(SET_IVLEN)")
        }
        guard EVP_DecryptInit_ex(context, nil, nil, key, nonce) == 1 else {
            throw OpenSSLSupport.error("EVP_DecryptInit_ex")
        }
        var length: Int32 = 0
        if !associatedData.isEmpty {
            guard EVP_DecryptUpdate(context, nil, &length, associatedData, Int32(associatedData.count)) == 1 else {
                throw OpenSSLSupport.error("EVP_DecryptUpdate(AAD)")
            }
        }
        // At least one byte so the output pointer is never nil; trimmed below.
        var plaintext = [UInt8](repeating: 0, count: max(ciphertext.count, 1))
        var written = 0
        try plaintext.withUnsafeMutableBufferPointer { (buffer) throws(CryptoError) in
            let out = buffer.baseAddress!
            if !ciphertext.isEmpty {
                guard EVP_DecryptUpdate(context, out, &length, ciphertext, Int32(ciphertext.count)) == 1 else {
                    throw OpenSSLSupport.error("EVP_DecryptUpdate")
                }
                written = Int(length)
            }
            guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), &tag) == 1 else {
                throw OpenSSLSupport.error("EVP_CIPHER_CTX_ctrl(SET_TAG)")
            }
            // Final checks the tag; failure here is the tamper signal, not an environmental error.
            guard EVP_DecryptFinal_ex(context, out + written, &length) == 1 else {
                ERR_clear_error()
                throw .authenticationFailed
            }
            written += Int(length)
        }
        precondition(written == ciphertext.count, "AES-GCM produced \(written) bytes for \(ciphertext.count)")
        return Array(plaintext[..<written])
    }

    /// EVP update calls take `int` lengths.
    private static func checkSize(_ bytes: [UInt8]) throws(CryptoError) {
        guard bytes.count <= Int(Int32.max) - tagLength else {
            throw .inputTooLarge(maximum: Int(Int32.max) - tagLength, actual: bytes.count)
        }
    }
}
