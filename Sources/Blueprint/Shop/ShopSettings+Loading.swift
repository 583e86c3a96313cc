extension Validator {
    func readShopSettings(_ field: Field) -> ShopSettings? {
        guard let reader = object(field, kind: "shop_settings") else { return nil }
        var settings = ShopSettings()
        if let currency = reader["currency"], let text = string(currency, allowEmpty: true), text != ShopSettings.stars {
            report(currency.pointer, "unsupported currency \"\(text)\"", expected: "\"\(ShopSettings.stars)\" (Telegram Stars, required for digital goods)", suggestion: text.uppercased() == ShopSettings.stars ? ShopSettings.stars : nil)
        }
        settings.categories = reader["categories"].map(readCategories) ?? []
        let categoryIDs = settings.categories.map(\.id)
        settings.products = reader["products"].map { productsField in
            uniqueList(productsField, subject: "product id", key: \.id, describe: { "\"\($0)\"" }) { readProduct($0, categories: categoryIDs) }
        } ?? []
        settings.layout = reader.choice("layout", ShopLayout.self, subject: "shop layout", default: .grid)
        settings.cart = reader.bool("cart", default: true)
        settings.checkoutButton = reader.localized("checkout_button")
        if !settings.cart, let button = reader["checkout_button"] {
            report(button.pointer, atKey: true, "\"checkout_button\" has no effect without a cart", expected: "\"cart\": true, or no checkout_button")
        }
        return settings
    }

    func readProduct(_ field: Field, categories: [String]) -> Product? {
        guard let reader = object(field, kind: "product") else { return nil }
        let id = reader.token("id", .identifier, subject: "product id")
        let title = reader.localized("title")
        let description = reader.localized("description")
        let price = reader["price"].flatMap { int($0, 1...Product.maxPrice) }
        var category: String?
        if let categoryField = reader["category"], let name = token(categoryField, .identifier, subject: "category id") {
            if categories.contains(name) {
                category = name
            } else {
                report(categoryField.pointer, "unknown category \"\(name)\"", expected: categories.isEmpty ? "a category declared in settings.categories" : "one of \(Self.list(categories))", suggestion: Suggestion.closest(to: name, among: categories))
            }
        }
        let image = reader["image"].flatMap { imageURL($0) }
        guard let id, let title, let price else { return nil }
        return Product(id: id, title: title, description: description, price: price, category: category, image: image)
    }
}
