/// Settings of a `shop` section: a catalogue paid in Telegram Stars.
public struct ShopSettings: Sendable, Equatable {
    /// Always `XTR` (Telegram Stars): digital goods in Mini Apps must be sold for Stars.
    public var currency: String
    /// Catalogue categories (filters).
    public var categories: [SectionCategory]
    /// Products declared in the blueprint (live products are added by the shop admin).
    public var products: [Product]
    /// Catalogue layout (default grid).
    public var layout: ShopLayout
    /// Whether a cart collects several products before checkout (default true); otherwise each
    /// product opens its own invoice.
    public var cart: Bool
    /// Label of the checkout button (built-in "Checkout" translation when absent).
    public var checkoutButton: LocalizedText?

    /// The only accepted currency.
    public static let stars = "XTR"

    public init(currency: String = ShopSettings.stars, categories: [SectionCategory] = [], products: [Product] = [], layout: ShopLayout = .grid, cart: Bool = true, checkoutButton: LocalizedText? = nil) {
        self.currency = currency
        self.categories = categories
        self.products = products
        self.layout = layout
        self.cart = cart
        self.checkoutButton = checkoutButton
    }
}

/// How the catalogue is laid out.
public enum ShopLayout: String, Sendable, CaseIterable {
    case grid, list
}

/// A product declared in the blueprint.
public struct Product: Sendable, Equatable {
    /// Unique within the shop, `^[a-z][a-z0-9-]{0,39}$`.
    public var id: String
    /// Display name.
    public var title: LocalizedText
    /// Optional short description.
    public var description: LocalizedText?
    /// Price in whole Telegram Stars, 1…`maxPrice`.
    public var price: Int
    /// Id of one of the shop's categories.
    public var category: String?
    /// `https://` image URL, or a picture shipped with Tessera (`MediaPath`).
    public var image: String?

    /// Upper bound on a single product price, in Stars.
    public static let maxPrice = 100_000

    public init(id: String, title: LocalizedText, description: LocalizedText? = nil, price: Int, category: String? = nil, image: String? = nil) {
        self.id = id
        self.title = title
        self.description = description
        self.price = price
        self.category = category
        self.image = image
    }
}
