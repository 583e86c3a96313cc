/// Why Mini App init data was rejected.
///
/// Neither `message` nor `description` ever contains the bot token, the derived secret or any
/// part of the received data, so errors can be logged and returned to clients as they are.
public enum InitDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No init data was supplied (empty string).
    case missing
    /// The query string could not be parsed; the detail names the rule that was broken.
    case malformed(String)
    /// The `hash` field is absent or empty.
    case missingHash
    /// The `signature` field (Ed25519 validation) is absent or empty.
    case missingSignature
    /// The hash or Ed25519 signature does not match the data.
    case signatureMismatch
    /// `auth_date` is older than the validator's maximum age.
    case expired(ageSeconds: Int64)
    /// `auth_date` lies further in the future than the allowed clock skew.
    case authDateInFuture
    /// The data is authentic but has no `user` field.
    case missingUser
    /// The `user` field is not a valid Telegram user object; the detail says which rule failed.
    case invalidUser(String)

    /// Stable machine-readable code, used as the `code` of HTTP error bodies.
    public var code: String {
        switch self {
        case .missing: return "init_data_missing"
        case .malformed: return "init_data_malformed"
        case .missingHash: return "init_data_hash_missing"
        case .missingSignature: return "init_data_signature_missing"
        case .signatureMismatch: return "init_data_signature_mismatch"
        case .expired: return "init_data_expired"
        case .authDateInFuture: return "init_data_auth_date_in_future"
        case .missingUser: return "init_data_user_missing"
        case .invalidUser: return "init_data_user_invalid"
        }
    }

    /// Human-readable explanation.
    public var message: String {
        switch self {
        case .missing: return "Telegram init data is missing."
        case .malformed(let detail): return "Telegram init data is malformed: \(detail)."
        case .missingHash: return "Telegram init data has no hash."
        case .missingSignature: return "Telegram init data has no signature."
        case .signatureMismatch: return "Telegram init data failed signature verification."
        case .expired(let age): return "Telegram init data has expired (issued \(age) seconds ago)."
        case .authDateInFuture: return "Telegram init data has an auth_date in the future."
        case .missingUser: return "Telegram init data has no user."
        case .invalidUser(let detail): return "Telegram init data has an invalid user: \(detail)."
        }
    }

    public var description: String { "\(code): \(message)" }
}
