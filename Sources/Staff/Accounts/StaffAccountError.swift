/// Why a staff account operation was refused. Every case is safe to show to the person who
/// asked: none carries a password, token or hash. Routes map them to HTTP errors by `code`.
public enum StaffAccountError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Sign-in with an unknown email or a wrong password: the two look the same.
    case invalidCredentials
    /// Too many failed sign-ins for this account or address; try again after `retryAfter` seconds.
    case rateLimited(retryAfter: Int)
    /// The person is disabled (told only after the right password).
    case accountDisabled
    case invalidEmail
    /// Accepting an invitation that names no email needs one.
    case emailRequired
    case invalidDisplayName
    case weakPassword(String)
    /// No link with this token (or not of this kind).
    case linkNotFound
    case linkExpired
    case linkUsed
    /// The person already has a password: accepting an invitation for them needs it.
    case passwordRequired
    case unknownPerson(String)
    case notMember(personID: Int64, tenant: String)
    /// The change would leave the tenant without an owner.
    case lastOwner(tenant: String)
    /// The email belongs to another person.
    case emailTaken
    /// The Telegram account is linked to another person.
    case telegramTaken

    /// A stable machine-readable code (the `code` of an HTTP error body).
    public var code: String {
        switch self {
        case .invalidCredentials: return "invalid_credentials"
        case .rateLimited: return "rate_limited"
        case .accountDisabled: return "account_disabled"
        case .invalidEmail: return "invalid_email"
        case .emailRequired: return "email_required"
        case .invalidDisplayName: return "invalid_name"
        case .weakPassword: return "weak_password"
        case .linkNotFound: return "link_not_found"
        case .linkExpired: return "link_expired"
        case .linkUsed: return "link_used"
        case .passwordRequired: return "password_required"
        case .unknownPerson: return "unknown_person"
        case .notMember: return "not_member"
        case .lastOwner: return "last_owner"
        case .emailTaken: return "email_taken"
        case .telegramTaken: return "telegram_taken"
        }
    }

    public var description: String {
        switch self {
        case .invalidCredentials: return "wrong email or password"
        case .rateLimited(let seconds): return "too many failed sign-ins; try again in \(seconds) s"
        case .accountDisabled: return "this account is disabled"
        case .invalidEmail: return "not a valid email address"
        case .emailRequired: return "an email address is needed to accept this invitation"
        case .invalidDisplayName: return "the name must be 1 to 100 characters without control characters"
        case .weakPassword(let reason): return "password refused: \(reason)"
        case .linkNotFound: return "this link is not valid"
        case .linkExpired: return "this link has expired"
        case .linkUsed: return "this link has already been used"
        case .passwordRequired: return "this email already has an account: enter its password to accept"
        case .unknownPerson(let reference): return "no staff person \(reference)"
        case .notMember(let id, let tenant): return "staff person \(id) is not staff of \(tenant)"
        case .lastOwner(let tenant): return "\(tenant) would be left without an owner: make someone else owner first"
        case .emailTaken: return "another staff person has this email"
        case .telegramTaken: return "this Telegram account is linked to another staff person"
        }
    }
}
