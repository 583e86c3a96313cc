import TesseraCrypto

/// A tenant's webhook secret: 32 random bytes as base64url (43 characters of `[A-Za-z0-9_-]`,
/// what `setWebhook`'s `secret_token` allows). Telegram echoes it in
/// `X-Telegram-Bot-Api-Secret-Token`; the description is redacted.
public struct WebhookSecret: Sendable, Equatable, CustomStringConvertible {
    public let value: String

    public init(value: String) { self.value = value }

    /// A fresh random secret.
    public static func generate() -> WebhookSecret {
        WebhookSecret(value: Base64URL.encode(SecureRandom.bytes(32)))
    }

    /// True when `header` is this secret; the comparison takes the same time wherever they differ.
    public func matches(_ header: String?) -> Bool {
        guard let header else { return false }
        return ConstantTime.equals(Array(header.utf8), Array(value.utf8))
    }

    /// Sealed under the master key, bound to the slug and to this purpose (so a sealed bot token
    /// cannot be passed off as a webhook secret, nor one tenant's secret as another's).
    public func seal(slug: TenantSlug, masterKey: MasterKey) throws -> [UInt8] {
        try masterKey.seal(value, context: Self.context(slug))
    }

    public static func open(_ sealed: [UInt8], slug: TenantSlug, masterKey: MasterKey) throws -> WebhookSecret {
        WebhookSecret(value: try masterKey.open(sealed, context: context(slug)))
    }

    static func context(_ slug: TenantSlug) -> String { "\(slug.rawValue)/webhook-secret" }

    public var description: String { "WebhookSecret(•••)" }
}
