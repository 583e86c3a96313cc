import Foundation
import TesseraCrypto

/// Validates Mini App init data with the bot token (HMAC-SHA256), following
/// https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app.
///
/// The secret key HMAC-SHA256(key: "WebAppData", message: token) is computed once; the token
/// itself is not stored. `description` and reflection are redacted so the derived key (which
/// is as good as the token for forging init data) cannot reach a log.
public struct InitDataValidator: Sendable {
    /// How old `auth_date` may be, in seconds.
    public let maxAge: TimeInterval
    /// How far `auth_date` may lie in the future, in seconds, to absorb clock differences.
    public let allowedClockSkew: TimeInterval
    private let secretKey: [UInt8]

    /// - Parameters:
    ///   - botToken: the bot's token as issued by BotFather.
    ///   - maxAge: maximum age of `auth_date` in seconds (default 24 h).
    ///   - allowedClockSkew: tolerated future `auth_date` in seconds (default 60 s).
    public init(botToken: String, maxAge: TimeInterval = 86_400, allowedClockSkew: TimeInterval = 60) {
        self.secretKey = Self.secretKey(botToken: botToken)
        self.maxAge = maxAge
        self.allowedClockSkew = allowedClockSkew
    }

    /// Validates raw init data (the query string from `Telegram.WebApp.initData`) and returns
    /// its parsed content. The hash is checked before any other field is trusted.
    public func validate(_ raw: String, now: Date = Date()) throws(InitDataError) -> InitData {
        let fields = try InitDataQuery.parse(raw)
        guard let hash = fields.first(where: { $0.0 == "hash" })?.1, !hash.isEmpty else { throw .missingHash }
        let message = InitDataQuery.dataCheckString(fields, excluding: ["hash"])
        let expected = Hex.encode(HMACSHA256.authenticate(key: secretKey, message: message))
        guard ConstantTime.equals(Array(expected.utf8), Array(hash.utf8)) else { throw .signatureMismatch }
        return try Self.claims(fields, maxAge: maxAge, allowedClockSkew: allowedClockSkew, now: now)
    }

    /// The derived key, for the other strings Telegram signs the same way (`validateContact`).
    var secretKeyBytes: [UInt8] { secretKey }

    /// HMAC-SHA256(key: "WebAppData", message: botToken).
    static func secretKey(botToken: String) -> [UInt8] {
        HMACSHA256.authenticate(key: Array("WebAppData".utf8), message: Array(botToken.utf8))
    }

    /// Checks freshness and the user of authenticated fields and builds the result.
    static func claims(
        _ fields: [(String, String)],
        maxAge: TimeInterval,
        allowedClockSkew: TimeInterval,
        now: Date
    ) throws(InitDataError) -> InitData {
        func field(_ key: String) -> String? { fields.first { $0.0 == key }?.1 }

        guard let authDateText = field("auth_date") else { throw .malformed("auth_date is missing") }
        guard (1...12).contains(authDateText.utf8.count),
            authDateText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let authSeconds = Int64(authDateText)
        else { throw .malformed("auth_date is not a Unix time") }

        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let age = nowSeconds - authSeconds
        guard Double(-age) <= allowedClockSkew else { throw .authDateInFuture }
        guard Double(age) <= maxAge else { throw .expired(ageSeconds: age) }

        guard let userJSON = field("user") else { throw .missingUser }
        let user = try TelegramUser(json: userJSON)

        return InitData(
            user: user,
            authDate: Date(timeIntervalSince1970: TimeInterval(authSeconds)),
            startParam: field("start_param"),
            queryID: field("query_id"),
            chatType: field("chat_type"),
            chatInstance: field("chat_instance"),
            hash: field("hash") ?? "",
            signature: field("signature"),
            fields: fields)
    }
}

extension InitDataValidator: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "InitDataValidator(maxAge: \(maxAge), secretKey: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["maxAge": maxAge, "allowedClockSkew": allowedClockSkew], displayStyle: .struct)
    }
}
