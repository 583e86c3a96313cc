import Foundation
import TesseraCrypto

extension InitDataValidator {
    /// Telegram's production Ed25519 public key for third-party validation (Bot API 8.0).
    public static let productionPublicKey: [UInt8] = Hex.decode(
        "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d")!
    /// Telegram's test-environment Ed25519 public key.
    public static let testEnvironmentPublicKey: [UInt8] = Hex.decode(
        "40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec")!

    /// Validates init data by its Ed25519 `signature`, knowing only the bot id (for third
    /// parties that do not hold the token).
    ///
    /// The signed message is `<botID>:WebAppData\n` followed by the data-check-string of every
    /// field except `hash` and `signature`; `signature` is unpadded base64url of 64 bytes.
    /// - Parameters:
    ///   - publicKey: the trusted signer; Telegram's production key unless overridden (tests,
    ///     the test environment).
    public static func validateSignature(
        raw: String,
        botID: Int64,
        publicKey: [UInt8] = productionPublicKey,
        maxAge: TimeInterval = 86_400,
        allowedClockSkew: TimeInterval = 60,
        now: Date = Date()
    ) throws(InitDataError) -> InitData {
        let fields = try InitDataQuery.parse(raw)
        guard let encoded = fields.first(where: { $0.0 == "signature" })?.1, !encoded.isEmpty else {
            throw .missingSignature
        }
        guard let signature = Base64URL.decode(encoded), signature.count == Ed25519.signatureLength else {
            throw .signatureMismatch
        }
        let message =
            Array("\(botID):WebAppData\n".utf8)
            + InitDataQuery.dataCheckString(fields, excluding: ["hash", "signature"])
        guard Ed25519.verify(signature: signature, message: message, publicKey: publicKey) else {
            throw .signatureMismatch
        }
        return try claims(fields, maxAge: maxAge, allowedClockSkew: allowedClockSkew, now: now)
    }
}
