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
    }

    public var name: String { "shop" }
    public var liveSectionTypes: Set<SectionType> { [.shop] }
    public var paymentRoutes: [PaymentRoute] { [PaymentRoute(prefix: "order:", handler: payments)] }

    public func fill(_ components: [JSONValue], section: Section, call: ParticipantCall) throws -> [JSONValue] {
        guard let settings = section.shopSettings else { return components }
        return try fill(components, section: section, settings: settings, call: call)
    }

    public func reverse(_ item: PaidItem, tenant: LiveTenant, now: Date) throws -> Bool? {
        guard case .order(let id) = item else { return nil }
        return try refundOrder(id, tenant: tenant, now: now).refunded
    }
}
