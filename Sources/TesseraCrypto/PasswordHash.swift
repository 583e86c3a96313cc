/// A scrypt password hash in its stored form, `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (salt and
/// hash in unpadded base64url), in the spirit of the PHC string format: the parameters travel
/// with the hash, so they can be raised later and old hashes upgraded at the next sign-in
/// (`needsRehash`). `description` is redacted.
public struct PasswordHash: Sendable, Equatable, CustomStringConvertible {
    /// Longest password accepted, in UTF-8 bytes. scrypt runs PBKDF2 over the whole password,
    /// so unbounded input would be unbounded work before the memory-hard part even starts.
    public static let maximumPasswordBytes = 1024
    public static let saltLength = 16
    public static let keyLength = 32
    /// Longest stored string `init(encoded:)` looks at.
    public static let maximumEncodedLength = 256

    public let parameters: Scrypt.Parameters
    public let salt: [UInt8]
    public let key: [UInt8]

    /// Hashes `password` with a fresh 16-byte random salt.
    public static func make(password: String, parameters: Scrypt.Parameters = .owasp) throws(PasswordHashError)
        -> PasswordHash
    {
        let bytes = Array(password.utf8)
        guard bytes.count <= maximumPasswordBytes else { throw .passwordTooLong(maximumBytes: maximumPasswordBytes) }
        let salt = SecureRandom.bytes(saltLength)
        return PasswordHash(
            parameters: parameters, salt: salt, key: try derive(bytes, salt, parameters, length: keyLength))
    }

    /// Parses a stored string. Refuses anything but `$scrypt$ln=…,r=…,p=…$salt$hash` with
    /// parameters within `Scrypt.Parameters.isWithinLimits`, an 8–64-byte salt and a 16–64-byte hash.
    public init(encoded: String) throws(PasswordHashError) {
        guard encoded.utf8.count <= Self.maximumEncodedLength else {
            throw .malformed("longer than \(Self.maximumEncodedLength) bytes")
        }
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else { throw .malformed("not a $scrypt$ hash") }
        var values: [Substring: Int] = [:]
        for field in parts[2].split(separator: ",", omittingEmptySubsequences: false) {
            let pair = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            // Digits only, at most 3 of them: no signs, no leading "+", no overflow.
            guard pair.count == 2, ["ln", "r", "p"].contains(pair[0]), values[pair[0]] == nil,
                (1...3).contains(pair[1].count), pair[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                let value = Int(pair[1])
            else { throw .malformed("parameters must be ln=N,r=N,p=N") }
            values[pair[0]] = value
        }
        guard let logN = values["ln"], let r = values["r"], let p = values["p"] else {
            throw .malformed("parameters must be ln=N,r=N,p=N")
        }
        let parameters = Scrypt.Parameters(logN: logN, r: r, p: p)
        guard parameters.isWithinLimits else { throw .parametersOutOfRange(parameters.description) }
        guard let salt = Base64URL.decode(String(parts[3])), (8...64).contains(salt.count) else {
            throw .malformed("bad salt")
        }
        guard let key = Base64URL.decode(String(parts[4])), (16...64).contains(key.count) else {
            throw .malformed("bad hash")
        }
        self.init(parameters: parameters, salt: salt, key: key)
    }

    public init(parameters: Scrypt.Parameters, salt: [UInt8], key: [UInt8]) {
        self.parameters = parameters
        self.salt = salt
        self.key = key
    }

    /// The stored form.
    public var encoded: String {
        "$scrypt$\(parameters)$\(Base64URL.encode(salt))$\(Base64URL.encode(key))"
    }

    /// True when `password` hashes to this hash (compared in constant time). A password over
    /// the length limit is simply wrong.
    public func verify(_ password: String) -> Bool {
        let bytes = Array(password.utf8)
        guard bytes.count <= Self.maximumPasswordBytes,
            let candidate = try? Self.derive(bytes, salt, parameters, length: key.count)
        else { return false }
        return ConstantTime.equals(candidate, key)
    }

    /// True when the hash was made with other parameters or lengths than a new one would be:
    /// rehash the password (known at sign-in) and store the new string.
    public func needsRehash(target: Scrypt.Parameters = .owasp) -> Bool {
        parameters != target || salt.count != Self.saltLength || key.count != Self.keyLength
    }

    public var description: String { "PasswordHash($scrypt$\(parameters)$•••)" }

    private static func derive(_ password: [UInt8], _ salt: [UInt8], _ parameters: Scrypt.Parameters, length: Int)
        throws(PasswordHashError) -> [UInt8]
    {
        do {
            return try Scrypt.derive(password: password, salt: salt, parameters: parameters, length: length)
        } catch {
            throw .crypto(error)
        }
    }
}

/// Why a password could not be hashed or a stored hash not be read. Never carries the password.
public enum PasswordHashError: Error, Sendable, Equatable, CustomStringConvertible {
    case passwordTooLong(maximumBytes: Int)
    case malformed(String)
    case parametersOutOfRange(String)
    case crypto(CryptoError)

    public var description: String {
        switch self {
        case .passwordTooLong(let maximum): return "password is longer than \(maximum) bytes"
        case .malformed(let reason): return "malformed password hash: \(reason)"
        case .parametersOutOfRange(let parameters): return "password hash parameters \(parameters) are out of range"
        case .crypto(let error): return error.description
        }
    }
}
