import COpenSSL

/// The scrypt key derivation function (RFC 7914) through OpenSSL's `EVP_PBE_scrypt`.
public enum Scrypt {
    /// scrypt's cost parameters: N = 2^`logN` (CPU/memory cost), `r` (block size), `p` (parallelism).
    public struct Parameters: Sendable, Equatable, CustomStringConvertible {
        public var logN: Int
        public var r: Int
        public var p: Int

        /// OWASP's Password Storage Cheat Sheet minimum for scrypt: N = 2^17, r = 8, p = 1
        /// (128 MiB and a few hundred milliseconds per hash).
        public static let owasp = Parameters(logN: 17, r: 8, p: 1)

        /// What a stored hash may ask for: N up to 2^20, r up to 32, p up to 16, and never more
        /// than 512 MiB of memory or N·r·p = 2^22 (four times OWASP's work). A hash string comes from the
        /// database, so a corrupted or planted one must not make the server allocate gigabytes.
        public static let maximumLogN = 20
        public static let maximumR = 32
        public static let maximumP = 16
        public static let maximumMemory: UInt64 = 512 << 20
        public static let maximumWork: UInt64 = 1 << 22

        public init(logN: Int, r: Int, p: Int) {
            self.logN = logN
            self.r = r
            self.p = p
        }

        public var n: UInt64 { 1 << UInt64(logN) }

        /// Bytes OpenSSL allocates: the V array (128·r·(N+2)) and B (128·r·p), as `EVP_PBE_scrypt` counts them.
        public var memory: UInt64 { 128 * UInt64(r) * (n + 2) + 128 * UInt64(r) * UInt64(p) }

        /// True when the parameters are within the limits above (and valid for scrypt at all).
        public var isWithinLimits: Bool {
            guard (1...Self.maximumLogN).contains(logN), (1...Self.maximumR).contains(r),
                (1...Self.maximumP).contains(p)
            else { return false }
            return memory <= Self.maximumMemory && n * UInt64(r) * UInt64(p) <= Self.maximumWork
        }

        public var description: String { "ln=\(logN),r=\(r),p=\(p)" }
    }

    /// Derives `length` bytes from `password` and `salt`. Throws `invalidParameters` for parameters
    /// outside `Parameters.isWithinLimits` (checked before anything is allocated).
    public static func derive(password: [UInt8], salt: [UInt8], parameters: Parameters, length: Int) throws(CryptoError)
        -> [UInt8]
    {
        guard parameters.isWithinLimits else {
            throw .invalidParameters("scrypt parameters \(parameters) exceed the limits")
        }
        guard (1...1024).contains(length) else {
            throw .invalidParameters("scrypt output length \(length) is not 1–1024 bytes")
        }
        var key = [UInt8](repeating: 0, count: length)
        let ok = OpenSSLSupport.withBytes(password) { passwordPointer, passwordCount in
            OpenSSLSupport.withBytes(salt) { saltPointer, saltCount in
                passwordPointer.withMemoryRebound(to: CChar.self, capacity: max(passwordCount, 1)) { passwordChars in
                    EVP_PBE_scrypt(
                        passwordChars, passwordCount, saltPointer, saltCount, parameters.n, UInt64(parameters.r),
                        UInt64(parameters.p), parameters.memory + 4096, &key, length)
                }
            }
        }
        guard ok == 1 else { throw OpenSSLSupport.error("EVP_PBE_scrypt") }
        return key
    }
}
