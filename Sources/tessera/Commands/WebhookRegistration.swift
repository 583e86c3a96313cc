import Tenancy
import TesseraJSON

/// Registers a tenant's webhook with the Bot API after `tenant create` / `apply` (token change)
/// and for `tenant webhook`, when `TESSERA_PUBLIC_URL` says where Telegram can reach us.
enum WebhookRegistration {
    enum Outcome {
        case notConfigured
        case registered(url: String)
        case failed(String)

        var json: JSONValue {
            switch self {
            case .notConfigured: .null
            case .registered(let url): ["url": .string(url), "registered": true]
            case .failed(let message): ["registered": false, "error": .string(message)]
            }
        }
    }

    /// Never throws for a Bot API failure: the tenant change is committed already, so the
    /// command reports the failure and how to retry instead.
    static func registerIfConfigured(_ platform: Platform, _ slug: TenantSlug) throws(CLIError) -> Outcome {
        guard let publicURL = try platform.configuration.publicURL() else { return .notConfigured }
        let registrar = WebhookRegistrar(
            pool: platform.pool, masterKey: try platform.configuration.masterKey(),
            client: platform.configuration.botAPIClient(),
            publicBaseURL: publicURL)
        do {
            return .registered(url: try registrar.register(slug))
        } catch {
            return .failed(String(describing: error))
        }
    }

    /// Deletes the webhook of the tenant's previous bot when webhooks are registered here at all
    /// (`TESSERA_PUBLIC_URL`). Best effort: a failure is reported; the old webhook secret is
    /// rotated already, so that bot's deliveries are refused anyway.
    static func retireIfConfigured(_ platform: Platform, _ oldToken: BotToken, _ slug: TenantSlug) throws(CLIError) {
        guard try platform.configuration.publicURL() != nil else { return }
        let registrar = WebhookRegistrar(
            pool: platform.pool, masterKey: try platform.configuration.masterKey(),
            client: platform.configuration.botAPIClient(),
            publicBaseURL: "")
        if let error = registrar.retire(oldToken) {
            Output.error("\(slug): the previous bot's webhook was not deleted: \(error) (its updates are refused)")
        }
    }

    static func report(_ outcome: Outcome, _ slug: TenantSlug) {
        switch outcome {
        case .notConfigured: break
        case .registered(let url): Output.line("\(slug): webhook registered at \(url)")
        case .failed(let message):
            Output.error("\(slug): webhook not registered: \(message) (retry with `tessera tenant webhook \(slug)`)")
        }
    }
}
