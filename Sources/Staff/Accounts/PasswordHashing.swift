import Dispatch
import TesseraCrypto

/// scrypt for staff passwords with a bound on how many run at once: each OWASP-strength hash
/// takes 128 MiB for a few hundred milliseconds, so 32 HTTP workers hashing together would
/// need 4 GiB. Callers beyond the bound wait (on their own thread, never the cooperative pool).
public final class PasswordHashing: Sendable {
    public let parameters: Scrypt.Parameters
    private let gate: DispatchSemaphore
    /// Verified against when the email is unknown, so an unknown email takes as long as a wrong password.
    private let decoy: PasswordHash

    public init(parameters: Scrypt.Parameters = .owasp, concurrency: Int = 2) {
        precondition(concurrency >= 1, "at least one hash at a time")
        self.parameters = parameters
        gate = DispatchSemaphore(value: concurrency)
        decoy = PasswordHash(
            parameters: parameters, salt: SecureRandom.bytes(PasswordHash.saltLength),
            key: SecureRandom.bytes(PasswordHash.keyLength))
    }

    public func hash(_ password: String) throws -> PasswordHash {
        gate.wait()
        defer { gate.signal() }
        return try PasswordHash.make(password: password, parameters: parameters)
    }

    /// Verifies `password` against `stored` (a `$scrypt$` string), or against a decoy when there
    /// is none; an unreadable stored string is a mismatch.
    public func verify(_ password: String, against stored: String?) -> (matches: Bool, hash: PasswordHash?) {
        let hash = stored.flatMap { try? PasswordHash(encoded: $0) }
        gate.wait()
        defer { gate.signal() }
        guard let hash else {
            _ = decoy.verify(password)
            return (false, nil)
        }
        return (hash.verify(password), hash)
    }
}
