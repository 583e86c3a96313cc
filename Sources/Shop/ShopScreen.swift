import Blueprint
import Foundation
import Kernel
import TesseraJSON

extension ShopArea {
    /// Orders shown on the shop screen.
    static let screenOrders = 5

    /// Where the caller's cart (with the checkout button) and latest orders go on the shared screen.
    static let cartSlot = "cart"
    static let ordersSlot = "orders"

    /// The shop screen as every caller sees it: the catalogue from the database (stock badges,
    /// sold-out items without an action); the checkout button's place becomes the cart's slot and
    /// the screen ends with the orders' slot (`PersonalFill`).
    func fillShared(_ components: [JSONValue], section: Section, settings: ShopSettings, call: ParticipantCall) throws
        -> [JSONValue]
    {
        try catalog.ensure(call.tenant, pool)
        let store = store(call.tenant)
        let products = try pool.withConnection { conn in
            try expiry.sweepIfDue(call.tenant, store, now: call.now, conn)
            return try store.list(section: section.id, category: nil, activeOnly: true, limit: Self.listLimit.max, conn)
        }
        let defaultLocale = call.tenant.blueprint.app.defaultLocale
        var out: [JSONValue] = []
        for component in components {
            if Self.isCheckoutButton(component, section: section.id) {
                out.append(PersonalFill.slot(Self.cartSlot))
                continue
            }
            guard case .object(var object) = component, object["type"]?.stringValue == "card_list",
                object["source"]?.stringValue == "shop.products"
            else {
                out.append(component)
                continue
            }
            object["items"] = .array(
                products.map { product in
                    product.card(
                        settings.products.first { $0.id == product.key }, settings: settings, section: section.id, locale: call.locale,
                        defaultLocale: defaultLocale)
                })
            out.append(.object(object))
        }
        out.append(PersonalFill.slot(Self.ordersSlot))
        return out
    }

    static func isCheckoutButton(_ component: JSONValue, section: String) -> Bool {
        component["type"]?.stringValue == "button" && component["action"]?["path"]?.stringValue?.hasSuffix("/\(section)/checkout") == true
    }

    /// The caller's part of the shop screen: their cart with the checkout button showing the total
    /// (nothing while the cart is empty), and their latest orders.
    func fillPersonal(_ components: [JSONValue], section: Section, settings: ShopSettings, call: ParticipantCall) throws
        -> PersonalFill
    {
        let store = store(call.tenant)
        let (cart, orders) = try pool.withConnection { conn in
            (
                try store.cart(participantID: call.participantID, section: section.id, conn),
                try store.orders(participantID: call.participantID, status: nil, limit: Self.screenOrders, conn)
                    .filter { $0.section == section.id }
            )
        }
        let locale = call.locale
        let defaultLocale = call.tenant.blueprint.app.defaultLocale
        let total = cart.reduce(Stars.zero) { $0 + $1.subtotal }
        var personal = PersonalFill()
        if !cart.isEmpty, case .object(var button)? = components.first(where: { Self.isCheckoutButton($0, section: section.id) }) {
            let label = button["text"]?.stringValue ?? ShopTexts.checkoutTotal.text(locale, n: total.amount)
            button["text"] = .string(label + " · " + ShopTexts.starsPrice.text(locale, n: total.amount))
            personal.slots[Self.cartSlot] = [
                ["type": "header", "text": .string(ShopTexts.cartTitle.text(locale))],
                [
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
                ],
                .object(button),
            ]
        }
        if !orders.isEmpty {
            personal.slots[Self.ordersSlot] = [
                ["type": "header", "text": .string(ShopTexts.ordersTitle.text(locale))],
                [
                    "type": "card_list", "id": .string("\(section.id)-orders"), "source": "shop.orders", "layout": "list",
                    "page_size": 5,
                    "items": .array(orders.map { $0.card(locale: locale, now: call.now) }),
                ],
            ]
        }
        return personal
    }
}
