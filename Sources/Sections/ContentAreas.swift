import Blueprint
import Foundation
import Postgres
import Telegram
import Tenancy
import TesseraJSON
import TesseraLog

/// The business areas with live content, as the server wires them: their endpoints, and the live
/// data they put into the screens the blueprint interpreter renders.
public struct ContentAreas: Sendable {
    public let news: NewsArea
    public let events: EventsArea
    public let shop: ShopArea
    public let staffPayments: PaymentsArea
    /// Events screens list at most this many upcoming (and past) events.
    static let screenEvents = 50

    /// `simulatorURL`: the Bot API simulator of `tessera dev`, through which browsers outside
    /// Telegram may pay (dev only). `orderRefunds` runs in every order refund's transaction.
    public init(
        pool: PostgresPool, botAPI: BotAPIClient = BotAPIClient(), logger: Logger = Logger(label: "sections"),
        simulatorURL: String? = nil, orderRefunds: (any OrderRefundHook)? = nil
    ) {
        news = NewsArea(pool: pool)
        events = EventsArea(pool: pool, botAPI: botAPI, logger: logger, simulatorURL: simulatorURL)
        shop = ShopArea(pool: pool, botAPI: botAPI, logger: logger, simulatorURL: simulatorURL, refundHook: orderRefunds)
        staffPayments = PaymentsArea(pool: pool, botAPI: botAPI, logger: logger, shop: shop, events: events)
    }

    public var endpoints: [Endpoint] { news.endpoints + events.endpoints + shop.endpoints + staffPayments.endpoints }

    /// Payments routed by invoice payload: `order:` to the shop, `ticket:` to events.
    public var payments: PaymentRouter {
        PaymentRouter([(prefix: "order:", handler: shop.payments), (prefix: TicketRules.prefix, handler: events.payments)])
    }

    /// Whether screens of `section` carry live data (and so cannot be served from the render
    /// cache as a whole).
    public static func hasLiveData(_ section: Section) -> Bool {
        section.type == .news || section.type == .events || section.type == .shop
    }

    /// Fills the card lists of a rendered screen with live data for this participant: the first
    /// page of the feed (with a `next` path for the following pages), upcoming and past events
    /// (with the caller's status). The events screen's registration form is left out: it belongs
    /// on each event's own screen, where it is aimed at that event.
    public func fill(_ screen: JSONValue, section: Section, call: ParticipantCall) throws -> JSONValue {
        guard case .object(var root) = screen, case .object(var body)? = root["screen"],
            let components = body["components"]?.arrayValue
        else { return screen }
        if let settings = section.shopSettings {
            body["components"] = .array(try shop.fill(components, section: section, settings: settings, call: call))
            root["screen"] = .object(body)
            return .object(root)
        }
        var filled: [JSONValue] = []
        for component in components {
            guard case .object(var object) = component else {
                filled.append(component)
                continue
            }
            switch (object["type"]?.stringValue, object["source"]?.stringValue) {
            case ("card_list", "news.posts"):
                let settings = section.newsSettings ?? NewsSettings()
                let page = try news.feedPage(call, section: section, settings: settings, limit: settings.pageSize)
                object["items"] = .array(page.posts.map { $0.card(locale: call.locale, showViews: settings.showViews) })
                object["next"] = page.nextPath.map(JSONValue.string) ?? .null
            case ("card_list", let source?) where source == "events.upcoming" || source == "events.past":
                let settings = section.eventsSettings ?? EventsSettings()
                let list = try events.listEvents(call, section: section.id, upcoming: source == "events.upcoming", limit: Self.screenEvents)
                object["items"] = .array(list.map { $0.card(EventRules($0, settings: settings), locale: call.locale, now: call.now) })
            case ("form", _) where section.type == .events:
                continue
            default: break
            }
            filled.append(.object(object))
        }
        body["components"] = .array(filled)
        root["screen"] = .object(body)
        return .object(root)
    }
}
