import Foundation
import HTTP
import Kernel
import Postgres
import Telegram
import Tenancy
import TesseraJSON
import TesseraLog

/// Staff view of the tenant's Telegram Stars payments (`payments`), and refunds of payments that
/// nothing fulfils: a late payment after the stock or seat was gone, a wrong amount, a second
/// payment for an already paid order, a payment whose handling was given up (`handled_at` NULL).
/// A payment that paid an order or a registered ticket is refunded through that order or ticket
/// (the refund here delegates to it), so the order or ticket is reversed too.
public struct PaymentsArea: Area {
    let pool: PostgresPool
    let botAPI: BotAPIClient
    let logger: Logger
    /// Reverses what a fulfilled payment paid for (the shop's order, the events' ticket).
    let hooks: AreaHooks
    static let listLimit = (default: 50, max: 200)
    static let paymentNotFound = AreaError.notFound(code: "payment_not_found", message: "no such payment")

    public init(_ context: AreaContext) {
        pool = context.pool
        botAPI = context.botAPI
        logger = context.logger
        hooks = context.hooks
    }

    public var name: String { "payments" }

    public var endpoints: [Endpoint] {
        [
            .staff(.GET, "/admin/api/v1/{tenant}/payments", .read(.finance), list),
            .staff(.POST, "/admin/api/v1/{tenant}/payments/{payment}/refund", .money(.finance), refund),
        ]
    }

    /// Which payments a list shows.
    enum Filter: String, CaseIterable {
        /// Not refunded, and neither paid an order that is still paid nor a ticket still registered.
        case unmatched
        /// Recorded but never handled by an area (`handled_at` NULL).
        case unhandled
        case all
    }

    struct Payment {
        var id: Int64
        var participantID: Int64?
        var telegramUserID: Int64
        var chargeID: String
        var currency: String
        var amount: Int64
        var payload: String
        var paidAt: Date
        var handledAt: Date?
        var refundedAt: Date?
        /// The order this charge paid, with its status.
        var order: (id: Int64, status: String)?
        /// The registration this charge paid, with its event and status.
        var registration: (id: Int64, eventID: Int64, status: String)?

        /// Linked to something a refund must reverse too.
        var fulfilled: Bool { order?.status == "paid" || registration?.status == "registered" }

        var json: JSONValue {
            [
                "id": .int(id), "amount": .int(amount), "currency": .string(currency),
                "payer": [
                    "participant_id": participantID.map(JSONValue.int) ?? .null, "telegram_user_id": .int(telegramUserID),
                ],
                "payload": .string(payload), "telegram_payment_charge_id": .string(chargeID),
                "created_at": .string(Instant.format(paidAt)),
                "handled_at": handledAt.map { .string(Instant.format($0)) } ?? .null,
                "refunded_at": refundedAt.map { .string(Instant.format($0)) } ?? .null,
                "order": order.map { ["id": .int($0.id), "status": .string($0.status)] } ?? .null,
                "registration": registration.map {
                    ["id": .int($0.id), "event_id": .int($0.eventID), "status": .string($0.status)]
                } ?? .null,
                "matched": .bool(fulfilled),
            ]
        }
    }

    func select(_ schema: Identifier, where condition: SQL, limit: Int, _ conn: PostgresConnection) throws -> [Payment] {
        try conn.query(
            """
            SELECT p.id, p.participant_id, p.telegram_user_id, p.telegram_payment_charge_id, p.currency, p.total_amount,
                   p.invoice_payload, p.paid_at, p.handled_at, p.refunded_at,
                   o.id, o.status, r.id, r.event_id, r.status
            FROM \(ident: schema).payments p
            LEFT JOIN \(ident: schema).orders o ON o.telegram_payment_charge_id = p.telegram_payment_charge_id
            LEFT JOIN \(ident: schema).event_registrations r ON r.telegram_payment_charge_id = p.telegram_payment_charge_id
            WHERE \(fragment: condition)
            ORDER BY p.id DESC LIMIT \(Int64(limit))
            """
        ).map { row in
            var payment = Payment(
                id: try row.decode(Int64.self, 0), participantID: try row.decode(Int64?.self, 1),
                telegramUserID: try row.decode(Int64.self, 2), chargeID: try row.decode(String.self, 3),
                currency: try row.decode(String.self, 4), amount: try row.decode(Int64.self, 5),
                payload: try row.decode(String.self, 6), paidAt: try row.decode(Date.self, 7),
                handledAt: try row.decode(Date?.self, 8), refundedAt: try row.decode(Date?.self, 9))
            if let order = try row.decode(Int64?.self, 10) { payment.order = (order, try row.decode(String.self, 11)) }
            if let registration = try row.decode(Int64?.self, 12) {
                payment.registration = (registration, try row.decode(Int64.self, 13), try row.decode(String.self, 14))
            }
            return payment
        }
    }

    func list(_ call: StaffCall) throws -> HTTPResponse {
        let limit = try limitParameter(
            call.request.queryValue("limit"), default: Self.listLimit.default, max: Self.listLimit.max)
        let raw = call.request.queryValue("status") ?? Filter.unmatched.rawValue
        guard let filter = Filter(rawValue: raw) else {
            throw AreaError.invalid("status", "expected one of \(Filter.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let condition: SQL =
            switch filter {
            case .all: "true"
            case .unhandled: "p.handled_at IS NULL"
            case .unmatched:
                "p.refunded_at IS NULL AND (o.id IS NULL OR o.status <> 'paid') AND (r.id IS NULL OR r.status <> 'registered')"
            }
        let payments = try pool.withConnection { try select(call.tenant.schema, where: condition, limit: limit, $0) }
        return Reply.json(["payments": .array(payments.map(\.json))])
    }

    /// Refunds one payment: already refunded → 200 with `already_refunded: true`; linked to a paid
    /// order or a registered ticket → that order's or ticket's refund (which reverses it too);
    /// otherwise `refundStarPayment` and, once Telegram agreed, `refunded_at`.
    func refund(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        let id = try pathID(call.params["payment"], notFound: Self.paymentNotFound)
        let schema = call.tenant.schema
        let find = { () throws -> Payment? in
            try pool.withConnection { try select(schema, where: "p.id = \(id)", limit: 1, $0) }.first
        }
        guard let payment = try find() else { throw Self.paymentNotFound }
        if payment.refundedAt != nil {
            return Reply.json(["payment": payment.json, "already_refunded": true])
        }
        let refunded: Bool
        if let order = payment.order, order.status == "paid" {
            refunded = try hooks.reverse(.order(order.id), tenant: call.tenant, now: call.now)
        } else if let registration = payment.registration, registration.status == "registered" {
            refunded = try hooks.reverse(.ticket(registration: registration.id, event: registration.eventID), tenant: call.tenant, now: call.now)
        } else {
            refunded = try StarRefund(botAPI: botAPI, logger: logger).refundOnce(
                call.tenant, payer: payment.telegramUserID, charge: payment.chargeID, subject: ("payment", .int(id)), pool: pool,
                pending: { conn in
                    try conn.query("SELECT 1 FROM \(ident: schema).payments WHERE id = \(id) AND refunded_at IS NULL").first != nil
                },
                record: { conn in
                    try conn.execute(
                        "UPDATE \(ident: schema).payments SET refunded_at = coalesce(refunded_at, \(call.now)) WHERE id = \(id)")
                })
            if refunded {
                logger.info(
                    "payment refunded",
                    [("tenant", .string(call.tenant.slug.rawValue)), ("payment", .int(id)), ("charge", .string(payment.chargeID))])
            }
        }
        guard let after = try find() else { throw Self.paymentNotFound }
        return Reply.json(["payment": after.json, "already_refunded": .bool(!refunded)])
    }
}
