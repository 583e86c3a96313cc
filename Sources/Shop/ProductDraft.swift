import Blueprint
import Foundation
import HTTP
import Kernel
import TesseraCrypto

/// The editable fields of a product, validated against the live blueprint before anything is
/// written. A blueprint product's content belongs to the blueprint: staff may change only its
/// `stock` and `kind`.
struct ProductDraft: Sendable, Equatable {
    var section: String
    var key: String
    var title: String
    var description: String
    var image: String?
    var category: String?
    var price: Int
    var stock: Int?
    var kind: ProductKind
    var active: Bool
    var position: Int

    static let fields = [
        "section", "key", "title", "description", "image", "category", "price", "stock", "kind", "active", "position",
    ]
    static let blueprintOwned: Set<String> = [
        "section", "key", "title", "description", "image", "category", "price", "active", "position",
    ]
    static let maxStock = 1_000_000

    init(_ product: ShopProduct) {
        section = product.section
        key = product.key
        title = product.title
        description = product.description
        image = product.imageURL
        category = product.category
        price = Int(product.price.amount)
        stock = product.stock
        kind = product.kind
        active = product.active
        position = product.position
    }

    private init() {
        section = ""
        key = ""
        title = ""
        description = ""
        price = 0
        kind = .digital
        active = true
        position = 0
    }

    /// A new product from a POST body; `key` defaults to a random `p-…`, `stock` to unlimited.
    static func create(_ request: HTTPRequest, blueprint: Blueprint) throws(AreaError) -> ProductDraft {
        var reader = try BodyReader(request, allowed: fields)
        for field in ["title", "price"] where !reader.has(field) { reader.fail(field, "required") }
        var draft = ProductDraft()
        draft.key = "p-" + Hex.encode(SecureRandom.bytes(4))
        let sectionID = reader.string("section", max: 40)
        return try draft.applying(&reader, sectionID: sectionID, blueprint: blueprint)
    }

    /// This product changed by a PATCH body; absent fields stay, `null` clears optional ones.
    func patched(_ request: HTTPRequest, origin: String, blueprint: Blueprint) throws(AreaError) -> ProductDraft {
        var reader = try BodyReader(request, allowed: Self.fields, patch: true)
        if origin == "blueprint" {
            for field in Self.blueprintOwned.sorted() where reader.has(field) {
                reader.fail(
                    field, "this product is declared in the blueprint; change it there (staff set only stock and kind)")
            }
        }
        let sectionID = reader.has("section") ? reader.string("section", max: 40) : section
        return try applying(&reader, sectionID: sectionID, blueprint: blueprint)
    }

    private func applying(_ reader: inout BodyReader, sectionID: String?, blueprint: Blueprint) throws(AreaError)
        -> ProductDraft
    {
        var draft = self
        var settings: ShopSettings?
        do {
            let section = try SectionLookup.forStaff(sectionID, type: .shop, in: blueprint)
            draft.section = section.id
            settings = section.shopSettings
        } catch {
            if case .validation(let problems) = error { for p in problems { reader.fail(p.field, p.message) } }
        }
        if reader.has("key") {
            if let key = reader.string("key", max: 40) {
                if ProductRef(key) == .key(key) {
                    draft.key = key
                    if settings?.products.contains(where: { $0.id == key }) ?? false {
                        reader.fail("key", "\"\(key)\" is a product of the blueprint")
                    }
                } else {
                    reader.fail(
                        "key", "expected a lowercase id like \"gift-card\" (a letter, then letters, digits or -)")
                }
            } else if reader.isNull("key") {
                reader.fail("key", "must not be null")
            }
        }
        if reader.has("title") {
            if reader.isNull("title") { reader.fail("title", "must not be null") }
            if let title = reader.string("title", max: 200) { draft.title = title }
        }
        if reader.has("description") {
            draft.description = reader.string("description", max: 2_000, allowEmpty: true) ?? ""
        }
        if reader.has("image") { draft.image = reader.imageURL("image") }
        if reader.has("category") {
            draft.category = reader.string("category", max: 40)
            if let category = draft.category, let settings {
                let declared = settings.categories.map(\.id)
                if !declared.contains(category) {
                    reader.fail(
                        "category",
                        declared.isEmpty
                            ? "section \"\(draft.section)\" declares no categories"
                            : "unknown category \"\(category)\"; expected one of \(declared.joined(separator: ", "))")
                }
            }
        }
        if reader.has("price") {
            if reader.isNull("price") { reader.fail("price", "must not be null") }
            if let price = reader.int("price", 1...Product.maxPrice) { draft.price = price }
        }
        if reader.has("stock") { draft.stock = reader.int("stock", 0...Self.maxStock) }
        if reader.has("kind") {
            if let raw = reader.string("kind", max: 20) {
                if let kind = ProductKind(rawValue: raw) {
                    draft.kind = kind
                } else {
                    reader.fail("kind", "expected digital or physical")
                }
            } else {
                reader.fail("kind", "expected digital or physical")
            }
        }
        if reader.has("active") { draft.active = reader.bool("active") ?? true }
        if reader.has("position") { draft.position = reader.int("position", 0...100_000) ?? 0 }
        try reader.finish()
        return draft
    }
}
