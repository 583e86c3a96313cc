import Blueprint
import Foundation
import Kernel
import Tenancy
import TesseraJSON

extension ShopArea: Area {
    /// Refunds run the other areas' order-refund hooks (GameFi's quest reversals).
    public init(_ context: AreaContext) {
        self.init(
            pool: context.pool, botAPI: context.botAPI, logger: context.logger, simulatorURL: context.simulatorURL,
            refundHook: context.hooks)
        content = context.content
    }

    public var name: String { "shop" }
    public var liveSectionTypes: Set<SectionType> { [.shop] }
    public var paymentRoutes: [PaymentRoute] { [PaymentRoute(prefix: "order:", handler: payments)] }

    /// The catalogue is the same for every caller who sees the section; the cart and orders are
    /// the caller's own part.
    public func fillShared(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> SharedFill? {
        guard let settings = section.shopSettings else { return nil }
        return SharedFill(components: try fillShared(components, section: section, settings: settings, call: call), changesAt: nil, personal: true)
    }

    public func fillPersonal(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> PersonalFill {
        guard let settings = section.shopSettings else { return PersonalFill() }
        return try fillPersonal(components, section: section, settings: settings, call: call)
    }

    public func fill(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> [JSONValue] {
        guard let settings = section.shopSettings else { return components }
        let shared = try fillShared(components, section: section, settings: settings, call: call)
        return try fillPersonal(components, section: section, settings: settings, call: call).expanded(shared)
    }

    public func reverse(_ item: PaidItem, tenant: LiveTenant, now: Date) throws -> Bool? {
        guard case .order(let id) = item else { return nil }
        return try refundOrder(id, tenant: tenant, now: now).refunded
    }
}
