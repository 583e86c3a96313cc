import Foundation

/// Validated Mini App launch data (`Telegram.WebApp.initData`).
public struct InitData: Sendable {
    /// The user who opened the Mini App.
    public var user: TelegramUser
    /// When Telegram issued the data (`auth_date`, whole seconds).
    public var authDate: Date
    /// `start_param` from a `startapp=` link, exactly as received.
    public var startParam: String?
    /// `query_id`, present when the app was opened from an inline keyboard or menu button.
    public var queryID: String?
    /// `chat_type`: `sender`, `private`, `group`, `supergroup` or `channel`.
    public var chatType: String?
    /// `chat_instance`: a stable id of the chat the app was opened from.
    public var chatInstance: String?
    /// `hash`: HMAC-SHA256 of the data-check-string, lowercase hex. Empty when validated by
    /// Ed25519 signature and the data carried no hash.
    public var hash: String
    /// `signature`: Telegram's Ed25519 signature (base64url), when present.
    public var signature: String?
    /// Every received field, percent-decoded, in received order (including `hash`).
    public var fields: [(String, String)]

    /// Creates init data directly (dev mode and tests); production values come from
    /// `InitDataValidator`.
    public init(
        user: TelegramUser,
        authDate: Date,
        startParam: String? = nil,
        queryID: String? = nil,
        chatType: String? = nil,
        chatInstance: String? = nil,
        hash: String = "",
        signature: String? = nil,
        fields: [(String, String)] = []
    ) {
        self.user = user
        self.authDate = authDate
        self.startParam = startParam
        self.queryID = queryID
        self.chatType = chatType
        self.chatInstance = chatInstance
        self.hash = hash
        self.signature = signature
        self.fields = fields
    }

    /// The decoded value of the field `key`, if received.
    public func value(for key: String) -> String? {
        fields.first { $0.0 == key }?.1
    }
}
