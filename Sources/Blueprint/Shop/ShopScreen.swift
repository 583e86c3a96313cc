extension ScreenBuilder {
    /// The catalogue (blueprint products first; live products are appended by the server), then the
    /// checkout button when there is a cart. Without a cart each product opens its own invoice.
    mutating func addShop(_ settings: ShopSettings) {
        add(Component.text(builtin(.pricesInStars), style: "caption"))
        let items = settings.products.map { product in
            Component.item(
                id: product.id, title: text(product.title), subtitle: product.description.map(text), image: product.image,
                badge: builtin(.starsBadge, n: product.price),
                action: settings.cart ? Action.api(section: section.id, "cart/\(product.id)") : Action.openInvoice(product.id))
        }
        add(Component.cardList(
            id: "\(section.id)-catalog", source: "shop.products", layout: settings.layout.rawValue, items: items, pageSize: 20,
            filters: filters(settings.categories, list: "products"),
            empty: Component.emptyState(title: builtin(.noProducts), text: builtin(.noProductsText), icon: section.icon ?? "bag")))
        if settings.cart {
            add(Component.button(
                settings.checkoutButton.map(text) ?? builtin(.checkout), style: "primary",
                action: Action.api(section: section.id, "checkout")))
        }
    }
}
