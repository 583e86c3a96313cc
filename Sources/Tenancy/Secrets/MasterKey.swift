import TesseraCrypto

/// The 32-byte key that encrypts secrets at rest (`TESSERA_MASTER_KEY`, 64 hex characters).
public struct MasterKey: Sendable {
    let bytes: [UInt8]

    public init(hex: String) throws(TenancyError) {
        let trimmed = hex.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count == 64 else {
            throw .invalidMasterKey("expected 64 hex characters, got \(trimmed.count)")
        }
        guard let bytes = Hex.decode(trimmed), bytes.count == 32 else {
            throw .invalidMasterKey("not hexadecimal")
        }
        self.bytes = bytes
    }

    /// A fresh random key, as 64 hex characters.
    public static func generateHex() -> String { Hex.encode(SecureRandom.bytes(32)) }

    /// Encrypts `secret` with AES-256-GCM, bound to `context` (e.g. the tenant slug) so a sealed
    /// value cannot be moved to another tenant's row.
    public func seal(_ secret: String, context: String) throws -> [UInt8] {
        try AES256GCM.seal(Array(secret.utf8), key: bytes, associatedData: Array(context.utf8))
    }

    public func open(_ sealed: [UInt8], context: String) throws -> String {
        let plain = try AES256GCM.open(sealed, key: bytes, associatedData: Array(context.utf8))
        return String(decoding: plain, as: UTF8.self)
    }
}

import Foundation
