import Blueprint
import Foundation
import Kernel
import TesseraJSON

extension ShopArea {
    /// Orders shown on the shop screen.
    static let screenOrders = 5

    /// Fills a rendered shop screen for the caller: the catalogue from the database (stock badges,
    /// sold-out items without an action), then the caller's cart with the checkout button showing
    /// the total (no button while the cart is empty), then their latest orders.
    func fill(_ components: [JSONValue], section: Section, settings: ShopSettings, call: ParticipantCall) throws
        -> [JSONValue]
    {
        try catalog.ensure(call.tenant, pool)
        let store = store(call.tenant)
        let (products, cart, orders) = try pool.withConnection { conn in
            try expiry.sweepIfDue(call.tenant, store, now: call.now, conn)
            return (
                try store.list(section: section.id, category: nil, activeOnly: true, limit: Self.listLimit.max, conn),
                try store.cart(participantID: call.participantID, section: section.id, conn),
                try store.orders(participantID: call.participantID, status: nil, limit: Self.screenOrders, conn)
                    .filter { $0.section == section.id }
            )
        }
        let locale = call.locale
        let defaultLocale = call.tenant.blueprint.app.defaultLocale
        let total = cart.reduce(Stars.zero) { $0 + $1.subtotal }
        var out: [JSONValue] = []
        for component in components {
            guard case .object(var object) = component else {
                out.append(component)
                continue
            }
            if object["type"]?.stringValue == "card_list", object["source"]?.stringValue == "shop.products" {
                object["items"] = .array(
                    products.map { product in
                        product.card(
                            settings.products.first { $0.id == product.key }, settings: settings, section: section.id,
                            locale: locale,
                            defaultLocale: defaultLocale)
                    })
                out.append(.object(object))
                continue
            }
            if object["type"]?.stringValue == "button",
                object["action"]?["path"]?.stringValue?.hasSuffix("/\(section.id)/checkout") == true
            {
                guard !cart.isEmpty else { continue }
                out.append(["type": "header", "text": .string(ShopTexts.cartTitle.text(locale))])
                out.append([
                    "type": "card_list", "id": .string("\(section.id)-cart"), "source": "shop.cart", "layout": "list",
                    "page_size": 50,
                    "items": .array(
                        cart.map { line in
                            let declared = settings.products.first { $0.id == line.product.key }
                            let title = line.product.texts(declared, locale: locale, defaultLocale: defaultLocale).title
                            return [
                                "id": .string("cart-\(line.product.key)"), "title": .string(title),
                                "subtitle": .string(ShopTexts.removedHint.text(locale)),
                                "badge": .string(
                                    "× \(line.quantity) · " + ShopTexts.starsPrice.text(locale, n: line.subtotal.amount)),
                                "action": [
                                    "kind": "api", "method": "DELETE",
                                    "path": .string("/api/v1/{tenant}/sections/\(section.id)/cart/\(line.product.key)"),
                                ],
                            ]
                        }),
                ])
                let label = object["text"]?.stringValue ?? ShopTexts.checkoutTotal.text(locale, n: total.amount)
                object["text"] = .string(label + " · " + ShopTexts.starsPrice.text(locale, n: total.amount))
                out.append(.object(object))
                continue
            }
            out.append(.object(object))
        }
        if !orders.isEmpty {
            out.append(["type": "header", "text": .string(ShopTexts.ordersTitle.text(locale))])
            out.append([
                "type": "card_list", "id": .string("\(section.id)-orders"), "source": "shop.orders", "layout": "list",
                "page_size": 5,
                "items": .array(orders.map { $0.card(locale: locale, now: call.now) }),
            ])
        }
        return out
    }
}
