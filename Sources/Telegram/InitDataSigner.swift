import Foundation
import TesseraCrypto

/// Produces init data the way Telegram does, for dev mode, tests and the Telegram simulator.
public enum InitDataSigner {
    /// Builds a raw, percent-encoded init data query string from `fields` (in the given order)
    /// and appends a valid `hash`. A `hash` among `fields` is dropped and replaced; keys must be
    /// unique and `[A-Za-z_]+`, or `InitDataValidator` will reject the result.
    public static func sign(fields: [(String, String)], botToken: String) -> String {
        let unsigned = fields.filter { $0.0 != "hash" }
        let message = InitDataQuery.dataCheckString(unsigned, excluding: [])
        let hash = Hex.encode(
            HMACSHA256.authenticate(key: InitDataValidator.secretKey(botToken: botToken), message: message))
        return encode(unsigned + [("hash", hash)])
    }

    /// Like `sign(fields:botToken:)`, and also adds Telegram's Ed25519 `signature` (made with
    /// `signingKey`, a 32-byte Ed25519 private key, for bot `botID`) before computing the hash,
    /// as Telegram does since Bot API 8.0.
    public static func sign(
        fields: [(String, String)],
        botToken: String,
        botID: Int64,
        signingKey: [UInt8]
    ) throws(CryptoError) -> String {
        let unsigned = fields.filter { $0.0 != "hash" && $0.0 != "signature" }
        let message =
            Array("\(botID):WebAppData\n".utf8) + InitDataQuery.dataCheckString(unsigned, excluding: [])
        let signature = try Ed25519.sign(message: message, privateKey: signingKey)
        return sign(fields: unsigned + [("signature", Base64URL.encode(signature))], botToken: botToken)
    }

    /// Signs init data for `user` issued at `authDate` (whole seconds), with an optional
    /// `start_param` and `query_id`. The user JSON is serialised as Telegram does.
    public static func sign(
        user: TelegramUser,
        authDate: Date,
        startParam: String? = nil,
        queryID: String? = nil,
        botToken: String
    ) -> String {
        sign(
            fields: fields(user: user, authDate: authDate, startParam: startParam, queryID: queryID), botToken: botToken
        )
    }

    /// The unsigned fields Telegram sends for `user`, in Telegram's order.
    public static func fields(
        user: TelegramUser,
        authDate: Date,
        startParam: String? = nil,
        queryID: String? = nil
    ) -> [(String, String)] {
        var fields: [(String, String)] = []
        if let queryID { fields.append(("query_id", queryID)) }
        fields.append(("user", user.telegramJSON))
        fields.append(("auth_date", String(Int64(authDate.timeIntervalSince1970.rounded(.down)))))
        if let startParam { fields.append(("start_param", startParam)) }
        return fields
    }

    private static func encode(_ fields: [(String, String)]) -> String {
        fields.map { InitDataQuery.encode($0.0) + "=" + InitDataQuery.encode($0.1) }.joined(separator: "&")
    }
}
