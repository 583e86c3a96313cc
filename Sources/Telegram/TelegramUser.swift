/// The Telegram user who opened a Mini App (`WebAppUser` in Telegram's documentation).
public struct TelegramUser: Sendable, Equatable {
    /// Telegram user id (positive, at most 52 significant bits).
    public var id: Int64
    public var firstName: String
    public var lastName: String?
    public var username: String?
    /// IETF language tag of the user's client, such as `en` or `ru`.
    public var languageCode: String?
    public var isPremium: Bool
    /// URL of the profile photo (`.jpeg` or `.svg`); present only for some launch methods.
    public var photoURL: String?
    public var allowsWriteToPM: Bool

    public init(
        id: Int64,
        firstName: String,
        lastName: String? = nil,
        username: String? = nil,
        languageCode: String? = nil,
        isPremium: Bool = false,
        photoURL: String? = nil,
        allowsWriteToPM: Bool = false
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
        self.languageCode = languageCode
        self.isPremium = isPremium
        self.photoURL = photoURL
        self.allowsWriteToPM = allowsWriteToPM
    }
}
