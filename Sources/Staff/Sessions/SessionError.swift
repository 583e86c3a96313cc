import HTTP
import Kernel

/// A refused back-office sign-in or session call, as its response: account errors with their
/// statuses (401 wrong credentials, 429 with `Retry-After`, 404/410 for links, 422 for fields).
struct SessionError: RenderableError {
    let response: HTTPResponse

    init(_ response: HTTPResponse) { self.response = response }

    static func unauthorized(_ code: String, _ message: String) -> SessionError {
        SessionError(.error(status: 401, code: code, message: message))
    }

    /// `link` names the link in codes: `invitation_expired`, `link_used`.
    init(_ error: StaffAccountError, link: String = "link") {
        let message = error.description
        switch error {
        case .invalidCredentials:
            response = .error(status: 401, code: "invalid_credentials", message: message)
        case .rateLimited(let seconds):
            var response = HTTPResponse.error(status: 429, code: "rate_limited", message: message)
            response.headers.add(name: "Retry-After", value: String(max(1, seconds)))
            self.response = response
        case .accountDisabled:
            response = .error(status: 403, code: "account_disabled", message: message)
        case .invalidEmail, .emailRequired:
            response = AreaError.invalid("email", message).response
        case .invalidDisplayName:
            response = AreaError.invalid("name", message).response
        case .weakPassword:
            response = AreaError.invalid("password", message).response
        case .linkNotFound:
            response = .error(status: 404, code: "\(link)_invalid", message: message)
        case .linkExpired:
            response = .error(status: 410, code: "\(link)_expired", message: message)
        case .linkUsed:
            response = .error(status: 410, code: "\(link)_used", message: message)
        case .passwordRequired, .emailTaken, .telegramTaken, .lastOwner:
            response = .error(status: 409, code: error.code, message: message)
        case .unknownPerson, .notMember:
            response = .error(status: 404, code: error.code, message: message)
        }
    }
}
