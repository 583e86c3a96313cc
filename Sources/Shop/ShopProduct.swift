import Blueprint
import Foundation
import Kernel
import Postgres
import TesseraJSON

/// Whether a product is delivered in the app (digital) or handed over (physical, can be shipped).
public enum ProductKind: String, Sendable, CaseIterable {
    case digital, physical
}

/// A catalogue row.
struct ShopProduct: Sendable, Equatable {
    var id: Int64
    var section: String
    var key: String
    /// `blueprint` (synced from the live blueprint; content owned by it) or `admin`.
    var origin: String
    var title: String
    var description: String
    var imageURL: String?
    var category: String?
    var price: Stars
    /// nil: unlimited.
    var stock: Int?
    var kind: ProductKind
    var active: Bool
    var position: Int
    var createdAt: Date
    var updatedAt: Date

    static func columns(_ alias: String = "p") -> String {
        [
            "id", "section", "key", "origin", "title", "description", "image_url", "category", "price_stars", "stock",
            "kind", "active",
            "position", "created_at", "updated_at",
        ].map { "\(alias).\($0)" }.joined(separator: ", ")
    }
    static let columnCount = 15

    init(row: PostgresRow, offset: Int = 0) throws {
        id = try row.decode(Int64.self, offset)
        section = try row.decode(String.self, offset + 1)
        key = try row.decode(String.self, offset + 2)
        origin = try row.decode(String.self, offset + 3)
        title = try row.decode(String.self, offset + 4)
        description = try row.decode(String.self, offset + 5)
        imageURL = try row.decode(String?.self, offset + 6)
        category = try row.decode(String?.self, offset + 7)
        price = Stars(try row.decode(Int64.self, offset + 8))
        stock = try row.decode(Int?.self, offset + 9)
        kind = ProductKind(rawValue: try row.decode(String.self, offset + 10)) ?? .digital
        active = try row.decode(Bool.self, offset + 11)
        position = try row.decode(Int.self, offset + 12)
        createdAt = try row.decode(Date.self, offset + 13)
        updatedAt = try row.decode(Date.self, offset + 14)
    }

    var isAvailable: Bool { active && (stock.map { $0 > 0 } ?? true) }

    /// Title and description in `locale`: a blueprint product's come from the blueprint's
    /// localized text, an admin product's are as staff wrote them.
    func texts(_ declared: Product?, locale: String, defaultLocale: String) -> (title: String, description: String?) {
        guard origin == "blueprint", let declared else { return (title, description.isEmpty ? nil : description) }
        return (
            declared.title.resolved(for: locale, defaultLocale: defaultLocale),
            declared.description?.resolved(for: locale, defaultLocale: defaultLocale)
        )
    }

    func json(title: String? = nil, description: String? = nil, staff: Bool = false) -> JSONValue {
        var o: JSONObject = [
            "id": .int(id), "key": .string(key), "section": .string(section), "title": .string(title ?? self.title),
            "description": .string(description ?? self.description), "image": imageURL.map(JSONValue.string) ?? .null,
            "category": category.map(JSONValue.string) ?? .null, "price": .int(price.amount),
            "currency": .string(Stars.currency),
            "stock": stock.map { .int(Int64($0)) } ?? .null, "kind": .string(kind.rawValue),
            "available": .bool(isAvailable),
        ]
        if staff {
            o["origin"] = .string(origin)
            o["active"] = .bool(active)
            o["position"] = .int(Int64(position))
            o["created_at"] = .string(Instant.format(createdAt))
            o["updated_at"] = .string(Instant.format(updatedAt))
        }
        return .object(o)
    }

    /// The catalogue card: price badge (with "sold out" / "n left"), and the action that adds it to
    /// the cart or, in shops without a cart, opens its invoice.
    func card(_ declared: Product?, settings: ShopSettings, section: String, locale: String, defaultLocale: String)
        -> JSONValue
    {
        let (title, description) = texts(declared, locale: locale, defaultLocale: defaultLocale)
        var badge = ShopTexts.starsPrice.text(locale, n: price.amount)
        if let stock {
            badge +=
                " · "
                + (stock == 0
                    ? ShopTexts.soldOut.text(locale) : stock <= 5 ? ShopTexts.itemsLeft.text(locale, n: Int64(stock)) : "")
            if badge.hasSuffix(" · ") { badge.removeLast(3) }
        }
        var item: JSONObject = ["id": .string(key), "title": .string(title), "badge": .string(badge)]
        if let description { item["subtitle"] = .string(description) }
        if let imageURL { item["image"] = .string(imageURL) }
        if isAvailable {
            item["action"] =
                settings.cart
                ? [
                    "kind": "api", "method": "POST",
                    "path": .string("/api/v1/{tenant}/sections/\(section)/cart/\(key)"),
                ]
                : ["kind": "open_invoice", "product": .string(key)]
        }
        return .object(item)
    }
}

/// A product named in a path: by its key (`flat-white`) or its numeric id.
enum ProductRef: Sendable, Equatable {
    case id(Int64)
    case key(String)

    init?(_ raw: String?) {
        guard let raw, !raw.isEmpty else { return nil }
        if let id = Int64(raw), id > 0 {
            self = .id(id)
        } else if Self.isKey(raw) {
            self = .key(raw)
        } else {
            return nil
        }
    }
}

extension ProductRef {
    /// `^[a-z][a-z0-9-]{0,39}$`, like every id in a blueprint.
    static func isKey(_ raw: String) -> Bool {
        let bytes = Array(raw.utf8)
        guard let first = bytes.first, (0x61...0x7A).contains(first), bytes.count <= 40 else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }
}

extension Section {
    var shopSettings: ShopSettings? {
        if case .shop(let settings) = kind { return settings }
        return nil
    }
}
