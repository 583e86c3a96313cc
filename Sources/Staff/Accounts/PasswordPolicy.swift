import TesseraCrypto

/// What a new staff password must be: 10 to 200 characters, not only whitespace. Length is the
/// rule that matters (NIST SP 800-63B); no composition rules.
public struct PasswordPolicy: Sendable {
    public var minimumLength = 10
    public var maximumLength = 200

    public init() {}

    public func check(_ password: String) throws(StaffAccountError) {
        let count = password.count
        guard count >= minimumLength else { throw .weakPassword("at least \(minimumLength) characters") }
        guard count <= maximumLength, password.utf8.count <= PasswordHash.maximumPasswordBytes else {
            throw .weakPassword("at most \(maximumLength) characters")
        }
        guard !password.trimmingWhitespace().isEmpty else { throw .weakPassword("not only spaces") }
    }
}
