import Foundation
import Kernel
import Postgres
import TesseraJSON

/// An order with its items (prices as they were at checkout).
struct ShopOrder: Sendable, Equatable {
    struct Item: Sendable, Equatable {
        var productID: Int64
        var key: String
        var title: String
        var kind: String
        var unitPrice: Stars
        var quantity: Int

        var json: JSONValue {
            [
                "product_id": .int(productID), "product": .string(key), "title": .string(title), "kind": .string(kind),
                "unit_price": .int(unitPrice.amount), "quantity": .int(Int64(quantity)),
            ]
        }
    }

    var id: Int64
    var section: String
    var participantID: Int64
    var status: OrderStatus
    var total: Stars
    var invoiceLink: String?
    var expiresAt: Date
    var chargeID: String?
    var createdAt: Date
    var paidAt: Date?
    var shippedAt: Date?
    var refundedAt: Date?
    var items: [Item] = []

    static let columns =
        "o.id, o.section, o.participant_id, o.status, o.total_stars, o.invoice_link, o.expires_at, o.telegram_payment_charge_id, o.created_at, o.paid_at, o.shipped_at, o.refunded_at"

    init(row: PostgresRow) throws {
        id = try row.decode(Int64.self, 0)
        section = try row.decode(String.self, 1)
        participantID = try row.decode(Int64.self, 2)
        status = OrderStatus(rawValue: try row.decode(String.self, 3)) ?? .cancelled
        total = Stars(try row.decode(Int64.self, 4))
        invoiceLink = try row.decode(String?.self, 5)
        expiresAt = try row.decode(Date.self, 6)
        chargeID = try row.decode(String?.self, 7)
        createdAt = try row.decode(Date.self, 8)
        paidAt = try row.decode(Date?.self, 9)
        shippedAt = try row.decode(Date?.self, 10)
        refundedAt = try row.decode(Date?.self, 11)
    }

    /// The status a reader should see: a pending order past its expiry is expired even before the
    /// lazy sweep has written that down.
    func visibleStatus(now: Date) -> OrderStatus {
        status == .pending && expiresAt <= now ? .expired : status
    }

    func json(now: Date, staff: Bool = false) -> JSONValue {
        func instant(_ date: Date?) -> JSONValue { date.map { .string(Instant.format($0)) } ?? .null }
        let status = visibleStatus(now: now)
        var o: JSONObject = [
            "id": .int(id), "section": .string(section), "status": .string(status.rawValue),
            "total": .int(total.amount),
            "currency": .string(Stars.currency), "items": .array(items.map(\.json)), "created_at": instant(createdAt),
            "expires_at": status == .pending ? instant(expiresAt) : .null, "paid_at": instant(paidAt),
            "shipped_at": instant(shippedAt), "refunded_at": instant(refundedAt),
            "invoice_link": status == .pending ? invoiceLink.map(JSONValue.string) ?? .null : .null,
        ]
        if staff {
            o["participant_id"] = .int(participantID)
            o["telegram_payment_charge_id"] = chargeID.map(JSONValue.string) ?? .null
        }
        return .object(o)
    }

    /// A row of "Your orders" on the shop screen.
    func card(locale: String, now: Date) -> JSONValue {
        let names = items.map { $0.quantity > 1 ? "\($0.title) × \($0.quantity)" : $0.title }.joined(separator: ", ")
        let status = visibleStatus(now: now)
        return [
            "id": .string("order-\(id)"), "title": .string(ShopTexts.orderNumber.text(locale, n: id)),
            "subtitle": .string(names),
            "badge": .string(
                ShopTexts.starsPrice.text(locale, n: total.amount) + " · " + ShopTexts.status(status).text(locale)),
        ]
    }
}
