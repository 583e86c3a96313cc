/// A failure of a TesseraCrypto operation.
///
/// Values never carry key material, plaintext or nonces: only lengths and the name of the
/// failing OpenSSL call, so they are safe to log.
public enum CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A key had the wrong length for the algorithm.
    case invalidKeyLength(expected: Int, actual: Int)
    /// A nonce had the wrong length for the algorithm.
    case invalidNonceLength(expected: Int, actual: Int)
    /// A sealed box was shorter than nonce plus tag.
    case sealedDataTooShort(minimum: Int, actual: Int)
    /// An input was longer than OpenSSL's `int`-sized length parameters allow.
    case inputTooLarge(maximum: Int, actual: Int)
    /// Decryption found that the ciphertext, tag, nonce or associated data was modified,
    /// or that the key is wrong.
    case authenticationFailed
    /// An OpenSSL call failed for an environmental reason; `reason` is OpenSSL's error text.
    case openSSL(function: String, reason: String)
    /// A key derivation's cost parameters or output length are out of range; `reason` says which.
    case invalidParameters(String)

    public var description: String {
        switch self {
        case .invalidKeyLength(let expected, let actual):
            return "invalid key length: expected \(expected) bytes, got \(actual)"
        case .invalidNonceLength(let expected, let actual):
            return "invalid nonce length: expected \(expected) bytes, got \(actual)"
        case .sealedDataTooShort(let minimum, let actual):
            return "sealed data too short: need at least \(minimum) bytes, got \(actual)"
        case .inputTooLarge(let maximum, let actual):
            return "input too large: at most \(maximum) bytes, got \(actual)"
        case .authenticationFailed:
            return "authentication failed: data was tampered with or the key is wrong"
        case .openSSL(let function, let reason):
            return "OpenSSL \(function) failed: \(reason)"
        case .invalidParameters(let reason):
            return reason
        }
    }
}
