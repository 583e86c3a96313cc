import Blueprint
import Foundation
import HTTP
import Kernel
import Postgres
import Synchronization
import Telegram
import Tenancy
import TesseraJSON
import TesseraLog

/// The shop: catalogue, cart, checkout with Telegram Stars and the buyer's orders for end users;
/// products, orders and refunds for staff. Payments themselves arrive through the bot's webhook
/// (`ShopPayments`).
///
/// The catalogue lives in the database. Products declared in the blueprint are synced into it the
/// first time a server sees a blueprint version, so orders, stock and purchases can point at one
/// kind of row whichever way a product was added.
public struct ShopArea: Sendable {
    let pool: PostgresPool
    let botAPI: BotAPIClient
    let logger: Logger
    /// `tessera dev`'s in-process Bot API simulator: lets a browser outside Telegram pay (dev only).
    let simulatorURL: String?
    let catalog = CatalogSync()
    let expiry = ExpirySweep()
    let simulatedPayments = InFlightLimit(2)
    /// Runs in every refund's transaction (GameFi's quest reversals).
    let refundHook: (any OrderRefundHook)?
    /// Moved after a participant's write that changed stock (checkout, cancel, an expired order
    /// swept), so this server's cached shop screens show it on the next request.
    var content = ContentVersions()
    static let listLimit = (default: 50, max: 200)

    public init(
        pool: PostgresPool, botAPI: BotAPIClient, logger: Logger, simulatorURL: String? = nil, refundHook: (any OrderRefundHook)? = nil
    ) {
        self.pool = pool
        self.botAPI = botAPI
        self.logger = logger
        self.simulatorURL = simulatorURL
        self.refundHook = refundHook
    }

    /// The shop's side of the bot's payments, to hand to the update processor.
    public var payments: ShopPayments { ShopPayments(logger: logger, refundHook: refundHook) }

    public var endpoints: [Endpoint] {
        [
            .participant(.GET, "/api/v1/{tenant}/sections/{section}/products", list),
            .participant(.GET, "/api/v1/{tenant}/sections/{section}/cart", showCart),
            .participant(.POST, "/api/v1/{tenant}/sections/{section}/cart/{product}", addToCart),
            .participant(.DELETE, "/api/v1/{tenant}/sections/{section}/cart/{product}", removeFromCart),
            .participant(.POST, "/api/v1/{tenant}/sections/{section}/checkout", checkout),
            .participant(.GET, "/api/v1/{tenant}/me/orders", ownOrders),
            .participant(.GET, "/api/v1/{tenant}/me/orders/{order}", ownOrder),
            .participant(.POST, "/api/v1/{tenant}/me/orders/{order}/cancel", cancel),
            .participant(.POST, "/api/v1/{tenant}/me/orders/{order}/simulated-payment", simulatedPayment),
            .participant(.GET, "/api/v1/{tenant}/me/purchases", ownPurchases),
            .staff(.GET, "/admin/api/v1/{tenant}/products", .read(.content), staffProducts),
            .staff(.POST, "/admin/api/v1/{tenant}/products", .write(.content), createProduct),
            .staff(.GET, "/admin/api/v1/{tenant}/products/{product}", .read(.content), showProduct),
            .staff(.PATCH, "/admin/api/v1/{tenant}/products/{product}", .write(.content), updateProduct),
            .staff(.DELETE, "/admin/api/v1/{tenant}/products/{product}", .delete(.content), deleteProduct),
            .staff(.GET, "/admin/api/v1/{tenant}/orders", .read(.orders), staffOrders),
            .staff(.GET, "/admin/api/v1/{tenant}/orders/{order}", .read(.orders), staffOrder),
            .staff(.POST, "/admin/api/v1/{tenant}/orders/{order}/refund", .money(.orders), refund),
            .staff(.POST, "/admin/api/v1/{tenant}/orders/{order}/ship", .write(.orders), ship),
        ]
    }

    static let productNotFound = AreaError.notFound(code: "product_not_found", message: "no such product")
    static let orderNotFound = AreaError.notFound(code: "order_not_found", message: "no such order")

    func store(_ tenant: LiveTenant) -> ShopStore { ShopStore(tenant: tenant, refundHook: refundHook) }

    // MARK: end users

    func list(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .shop)
        let settings = section.shopSettings ?? ShopSettings()
        let category = call.request.queryValue("category")
        if let category, !settings.categories.contains(where: { $0.id == category }) {
            throw AreaError.invalid("category", "unknown category \"\(category)\"")
        }
        try catalog.ensure(call.tenant, pool)
        let store = store(call.tenant)
        let products = try pool.withConnection { conn in
            // Lazily expire past-due orders (at most every ExpirySweep.interval), so the stock
            // they held shows as available again.
            try expiry.sweepIfDue(call.tenant, store, now: call.now, conn)
            return try store.list(
                section: section.id, category: category, activeOnly: true, limit: Self.listLimit.max, conn)
        }
        let defaultLocale = call.tenant.blueprint.app.defaultLocale
        return Reply.json([
            "products": .array(
                products.map { product in
                    let declared = settings.products.first { $0.id == product.key }
                    let (title, description) = product.texts(
                        declared, locale: call.locale, defaultLocale: defaultLocale)
                    return product.json(title: title, description: description ?? "")
                }),
            "items": .array(
                products.map { product in
                    product.card(
                        settings.products.first { $0.id == product.key }, settings: settings, section: section.id,
                        locale: call.locale,
                        defaultLocale: defaultLocale)
                }),
        ])
    }

    func cartJSON(_ lines: [ShopStore.CartLine], locale: String, settings: ShopSettings, defaultLocale: String)
        -> JSONValue
    {
        let total = lines.reduce(Stars.zero) { $0 + $1.subtotal }
        return [
            "items": .array(
                lines.map { line in
                    let declared = settings.products.first { $0.id == line.product.key }
                    let (title, description) = line.product.texts(
                        declared, locale: locale, defaultLocale: defaultLocale)
                    return [
                        "product": line.product.json(title: title, description: description ?? ""),
                        "quantity": .int(Int64(line.quantity)),
                        "subtotal": .int(line.subtotal.amount),
                    ]
                }),
            "count": .int(Int64(lines.reduce(0) { $0 + $1.quantity })), "total": .int(total.amount),
            "currency": .string(Stars.currency),
        ]
    }

    func showCart(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .shop)
        try catalog.ensure(call.tenant, pool)
        let lines = try pool.withConnection {
            try store(call.tenant).cart(participantID: call.participantID, section: section.id, $0)
        }
        return Reply.json([
            "cart": cartJSON(
                lines, locale: call.locale, settings: section.shopSettings ?? ShopSettings(),
                defaultLocale: call.tenant.blueprint.app.defaultLocale)
        ])
    }

    func addToCart(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .shop)
        var reader = try BodyReader(call.request, allowed: ["quantity"])
        let quantity = reader.int("quantity", 1...99) ?? 1
        try reader.finish()
        guard let ref = ProductRef(call.params["product"]) else { throw Self.productNotFound }
        try catalog.ensure(call.tenant, pool)
        let store = store(call.tenant)
        let lines = try pool.withConnection { conn in
            guard var product = try store.find(ref, section: section.id, conn), product.active else {
                throw Self.productNotFound
            }
            if product.stock == 0, try store.expireStale(now: call.now, product: product.id, conn) > 0 {
                // Expired orders held the stock: they gave it back, so look once more.
                content.changed(call.tenant.schema, area: name)
                product = try store.find(.id(product.id), section: section.id, conn) ?? product
            }
            guard product.isAvailable else {
                throw AreaError.conflict(code: "out_of_stock", message: "\"\(product.title)\" is sold out")
            }
            try store.addToCart(
                participantID: call.participantID, section: section.id, productID: product.id, quantity: quantity, conn)
            return try store.cart(participantID: call.participantID, section: section.id, conn)
        }
        return Reply.json([
            "message": .string(ShopTexts.addedToCart.text(call.locale)),
            "cart": cartJSON(
                lines, locale: call.locale, settings: section.shopSettings ?? ShopSettings(),
                defaultLocale: call.tenant.blueprint.app.defaultLocale),
        ])
    }

    func removeFromCart(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .shop)
        guard let ref = ProductRef(call.params["product"]) else { throw Self.productNotFound }
        let store = store(call.tenant)
        let lines = try pool.withConnection { conn in
            guard let product = try store.find(ref, section: section.id, conn) else { throw Self.productNotFound }
            _ = try store.removeFromCart(participantID: call.participantID, productID: product.id, conn)
            return try store.cart(participantID: call.participantID, section: section.id, conn)
        }
        return Reply.json([
            "message": .string(ShopTexts.removedFromCart.text(call.locale)),
            "cart": cartJSON(
                lines, locale: call.locale, settings: section.shopSettings ?? ShopSettings(),
                defaultLocale: call.tenant.blueprint.app.defaultLocale),
        ])
    }

    /// Turns the cart (or, with `{"product"}`, one product: shops without a cart) into a pending
    /// order with its stock reserved, then asks Telegram for a Stars invoice link for it. The Bot
    /// API call happens after the order's transaction committed, so no product row stays locked
    /// while Telegram answers; if it fails, the order is cancelled, the stock released and the
    /// cart lines the order took put back.
    ///
    /// One cart makes one order however many checkouts race: a participant's checkouts run one
    /// after the other (`lockCheckouts`), the cart lines are locked and the order is made only
    /// from the lines its transaction deleted, so the others answer 409 `cart_empty`. A repeated
    /// "buy now" of the same product and quantity while its order is open answers that order
    /// again (200, same invoice link), or 409 `checkout_in_progress` while its link is still
    /// being made.
    func checkout(_ call: ParticipantCall) throws -> HTTPResponse {
        let section = try SectionLookup.forParticipant(call, type: .shop)
        var reader = try BodyReader(call.request, allowed: ["product", "quantity"])
        let single = reader.string("product", max: 40)
        let quantity = reader.int("quantity", 1...99) ?? 1
        if reader.has("quantity") && single == nil { reader.fail("quantity", "only with product") }
        try reader.finish()
        try catalog.ensure(call.tenant, pool)
        let store = store(call.tenant)
        enum Outcome {
            case created(id: Int64, cart: [ShopStore.TakenCartLine])
            case open(Int64)
        }
        let (order, outcome) = try pool.withConnection { conn -> (ShopOrder, Outcome) in
            func attempt() throws -> Outcome {
                try conn.transaction { conn in
                    try store.lockCheckouts(participantID: call.participantID, conn)
                    var lines: [(productID: Int64, quantity: Int)]
                    if let single {
                        guard let ref = ProductRef(single),
                            let product = try store.find(ref, section: section.id, conn),
                            product.active
                        else { throw Self.productNotFound }
                        if let open = try store.openOrder(
                            participantID: call.participantID, section: section.id, productID: product.id,
                            quantity: quantity, now: call.now, conn)
                        {
                            return .open(open)
                        }
                        lines = [(product.id, quantity)]
                    } else {
                        lines = try store.cart(
                            participantID: call.participantID, section: section.id, forUpdate: true, conn
                        ).map { ($0.product.id, $0.quantity) }
                    }
                    let created = try store.createOrder(
                        participantID: call.participantID, section: section.id, lines: lines, fromCart: single == nil,
                        now: call.now, conn)
                    return .created(id: created.id, cart: created.cart)
                }
            }
            let outcome: Outcome
            do {
                outcome = try attempt()
            } catch let error as AreaError where error.code == "out_of_stock" {
                // Expired orders may still hold the stock: give it back, then try once more.
                guard try store.expireStale(now: call.now, conn) > 0 else { throw error }
                outcome = try attempt()
            }
            switch outcome {
            case .created(let id, _), .open(let id): return (try store.order(id, conn)!, outcome)
            }
        }
        content.changed(call.tenant.schema, area: name)
        guard case .created(_, let takenCart) = outcome else {
            guard let link = order.invoiceLink else {
                throw AreaError.conflict(
                    code: "checkout_in_progress", message: "order \(order.id) for this product is being created; try again in a moment")
            }
            return checkoutReply(order, link: link, call, status: 200)
        }
        let link: String
        do {
            link = try invoiceLink(for: order, tenant: call.tenant)
        } catch {
            // The buyer did nothing wrong: the order goes, and the cart lines it took come back.
            _ = try? pool.withConnection {
                try store.cancel(
                    order.id, participantID: call.participantID, now: call.now, restoreCart: takenCart, $0)
            }
            content.changed(call.tenant.schema, area: name)
            logger.warning(
                "invoice link failed",
                [
                    ("tenant", .string(call.tenant.slug.rawValue)), ("order", .int(order.id)),
                    ("error", .string(String(describing: error))),
                ])
            throw AreaError.upstream(
                code: "invoice_failed", message: "Telegram did not create the invoice; try again shortly")
        }
        try pool.withConnection { try store.setInvoiceLink(order.id, link, $0) }
        var paid = order
        paid.invoiceLink = link
        return checkoutReply(paid, link: link, call, status: 201)
    }

    func checkoutReply(_ order: ShopOrder, link: String, _ call: ParticipantCall, status: Int) -> HTTPResponse {
        var body: JSONObject = [
            "order": order.json(now: call.now), "invoice_link": .string(link),
            "message": .string(ShopTexts.orderCreated.text(call.locale, n: order.id)),
        ]
        if simulatorURL != nil {
            body["simulated_payment"] = .string("/api/v1/{tenant}/me/orders/\(order.id)/simulated-payment")
        }
        return Reply.json(.object(body), status: status)
    }

    /// A Stars invoice for the order: one price (Telegram's rule for XTR), the order id as payload.
    func invoiceLink(for order: ShopOrder, tenant: LiveTenant) throws -> String {
        let first = order.items.first
        var title =
            order.items.count == 1 && first != nil
            ? first!.title : ShopTexts.orderNumber.text(tenant.blueprint.app.defaultLocale, n: order.id)
        if title.count > 32 { title = String(title.prefix(31)) + "…" }
        var description = order.items.map { $0.quantity > 1 ? "\($0.title) × \($0.quantity)" : $0.title }.joined(
            separator: ", ")
        if description.count > 255 { description = String(description.prefix(254)) + "…" }
        if description.isEmpty { description = title }
        let bot = TelegramBot(token: tenant.botToken.value, client: botAPI)
        return try bot.createInvoiceLink(
            title: title, description: description, payload: OrderPayload.encode(order.id),
            prices: [LabeledPrice(label: title, amount: order.total.amount)])
    }

    func ownOrders(_ call: ParticipantCall) throws -> HTTPResponse {
        let limit = try limitParameter(
            call.request.queryValue("limit"), default: Self.listLimit.default, max: Self.listLimit.max)
        let orders = try pool.withConnection {
            try store(call.tenant).orders(participantID: call.participantID, status: nil, limit: limit, $0)
        }
        return Reply.json(["orders": .array(orders.map { $0.json(now: call.now) })])
    }

    func ownOrder(_ call: ParticipantCall) throws -> HTTPResponse {
        let id = try pathID(call.params["order"], notFound: Self.orderNotFound)
        guard
            let order = try pool.withConnection({
                try store(call.tenant).order(id, participantID: call.participantID, $0)
            })
        else {
            throw Self.orderNotFound
        }
        return Reply.json(["order": order.json(now: call.now)])
    }

    func cancel(_ call: ParticipantCall) throws -> HTTPResponse {
        let id = try pathID(call.params["order"], notFound: Self.orderNotFound)
        let store = store(call.tenant)
        let order = try pool.withConnection { conn -> ShopOrder in
            guard let done = try store.cancel(id, participantID: call.participantID, now: call.now, conn) else {
                throw Self.orderNotFound
            }
            let order = try store.order(id, conn)!
            if !done, order.status != .cancelled {
                throw AreaError.conflict(
                    code: "order_not_pending", message: "the order is \(order.visibleStatus(now: call.now).rawValue)")
            }
            return order
        }
        content.changed(call.tenant.schema, area: name)
        return Reply.json([
            "order": order.json(now: call.now), "message": .string(ShopTexts.orderCancelled.text(call.locale)),
        ])
    }

    func ownPurchases(_ call: ParticipantCall) throws -> HTTPResponse {
        let limit = try limitParameter(
            call.request.queryValue("limit"), default: Self.listLimit.default, max: Self.listLimit.max)
        let list = try pool.withConnection {
            try store(call.tenant).purchases(participantID: call.participantID, limit: limit, $0)
        }
        return Reply.json(["purchases": .array(list)])
    }

    /// Dev mode only (`tessera dev` with its in-process simulator): the simulated user pays the
    /// order's invoice through the simulator's control API, which drives the same
    /// pre_checkout_query → successful_payment webhook flow as Telegram. 404 elsewhere.
    func simulatedPayment(_ call: ParticipantCall) throws -> HTTPResponse {
        guard let simulatorURL else {
            throw AreaError.notFound(
                code: "simulator_not_available", message: "payments are simulated only under tessera dev")
        }
        let id = try pathID(call.params["order"], notFound: Self.orderNotFound)
        let store = store(call.tenant)
        let (order, telegramID) = try pool.withConnection { conn -> (ShopOrder?, Int64?) in
            let order = try store.order(id, participantID: call.participantID, conn)
            let telegramID = try conn.query(
                "SELECT telegram_id FROM \(ident: call.tenant.schema).participants WHERE id = \(call.participantID)"
            ).first?.decode(Int64.self, 0)
            return (order, telegramID)
        }
        guard let order, let telegramID else { throw Self.orderNotFound }
        guard order.visibleStatus(now: call.now) == .pending, let link = order.invoiceLink else {
            throw AreaError.conflict(
                code: "order_not_pending", message: "the order is \(order.visibleStatus(now: call.now).rawValue)")
        }
        // The simulator answers on its own worker threads while this one waits, and the pre-checkout
        // webhook needs one of ours: a few at a time, never all workers.
        guard simulatedPayments.enter() else {
            throw AreaError.conflict(code: "simulator_busy", message: "other simulated payments are in progress; try again")
        }
        defer { simulatedPayments.leave() }
        let botID = call.tenant.botToken.value.split(separator: ":").first.map(String.init) ?? ""
        let url = URL(string: "\(simulatorURL)/sim/bots/\(botID)/users/\(telegramID)/pay")!
        let body = JSONValue.object(["invoice": .string(link)]).serialized()
        let response: HTTPTransport.Response
        do {
            response = try HTTPTransport(timeout: 20).send(
                method: "POST", url: url, headers: [("Content-Type", "application/json")], body: body)
        } catch {
            throw AreaError.upstream(code: "simulator_failed", message: "the Telegram simulator did not answer")
        }
        let outcome = (try? JSONParser.parse(response.body)) ?? .null
        let paid = try pool.withConnection { try store.order(id, $0) }
        return Reply.json([
            "paid": .bool(paid?.status == .paid), "answer": outcome["answer"] ?? .null,
            "order": paid?.json(now: Date()) ?? .null,
        ])
    }

    // MARK: staff

    func staffProducts(_ call: StaffCall) throws -> HTTPResponse {
        try catalog.ensure(call.tenant, pool)
        let limit = try limitParameter(call.request.queryValue("limit"), default: Self.listLimit.max, max: 1_000)
        let products = try pool.withConnection {
            try store(call.tenant).list(
                section: call.request.queryValue("section"), category: nil, activeOnly: false, limit: limit, $0)
        }
        return Reply.json(["products": .array(products.map { $0.json(staff: true) })])
    }

    func createProduct(_ call: StaffCall) throws -> HTTPResponse {
        try catalog.ensure(call.tenant, pool)
        let draft = try ProductDraft.create(call.request, blueprint: call.tenant.blueprint)
        let product: ShopProduct
        do {
            product = try pool.withConnection { try store(call.tenant).insert(draft, $0) }
        } catch let error as PostgresError where error.isUniqueViolation {
            throw AreaError.conflict(
                code: "product_key_taken",
                message: "section \"\(draft.section)\" already has a product \"\(draft.key)\"")
        }
        var response = Reply.json(["product": product.json(staff: true)], status: 201)
        response.headers.add(
            name: "Location", value: "/admin/api/v1/\(call.tenant.slug.rawValue)/products/\(product.id)")
        return response
    }

    func staffProduct(_ call: StaffCall, forUpdate: Bool = false, _ conn: PostgresConnection) throws -> ShopProduct {
        guard let ref = ProductRef(call.params["product"]),
            let product = try store(call.tenant).find(ref, forUpdate: forUpdate, conn)
        else {
            throw Self.productNotFound
        }
        return product
    }

    func showProduct(_ call: StaffCall) throws -> HTTPResponse {
        try catalog.ensure(call.tenant, pool)
        let product = try pool.withConnection { try staffProduct(call, $0) }
        return Reply.json(["product": product.json(staff: true)])
    }

    func updateProduct(_ call: StaffCall) throws -> HTTPResponse {
        try catalog.ensure(call.tenant, pool)
        let store = store(call.tenant)
        do {
            let product = try pool.transaction { conn -> ShopProduct in
                // Locked: a checkout or expiry changing the stock meanwhile waits for this PATCH.
                let existing = try staffProduct(call, forUpdate: true, conn)
                let draft = try ProductDraft(existing).patched(
                    call.request, origin: existing.origin, blueprint: call.tenant.blueprint)
                let setStock = try BodyReader(call.request, allowed: ProductDraft.fields).has("stock")
                try store.update(existing.id, draft, setStock: setStock, conn)
                return try store.find(.id(existing.id), conn)!
            }
            return Reply.json(["product": product.json(staff: true)])
        } catch let error as PostgresError where error.isUniqueViolation {
            throw AreaError.conflict(
                code: "product_key_taken", message: "that section already has a product with this key")
        }
    }

    /// Deletes an admin product; one that was ordered is deactivated instead (orders keep it).
    func deleteProduct(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        let schema = call.tenant.schema
        try pool.transaction { conn in
            // Locked, so of racing deletes one deletes and the others find nothing (404).
            let product = try staffProduct(call, forUpdate: true, conn)
            guard product.origin == "admin" else {
                throw AreaError.conflict(
                    code: "product_in_blueprint", message: "this product is declared in the blueprint; remove it there")
            }
            let ordered =
                try conn.query("SELECT 1 FROM \(ident: schema).order_items WHERE product_id = \(product.id) LIMIT 1")
                .first != nil
            if ordered {
                try conn.execute(
                    "UPDATE \(ident: schema).products SET active = false, updated_at = now() WHERE id = \(product.id)")
            } else if try conn.execute("DELETE FROM \(ident: schema).products WHERE id = \(product.id)") == 0 {
                throw Self.productNotFound
            }
        }
        return Reply.noContent()
    }

    func staffOrders(_ call: StaffCall) throws -> HTTPResponse {
        let limit = try limitParameter(
            call.request.queryValue("limit"), default: Self.listLimit.default, max: Self.listLimit.max)
        var status: OrderStatus?
        if let raw = call.request.queryValue("status") {
            guard let parsed = OrderStatus(rawValue: raw) else {
                throw AreaError.invalid(
                    "status", "expected one of \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            status = parsed
        }
        let store = store(call.tenant)
        let orders = try pool.withConnection { conn in
            try expiry.sweepIfDue(call.tenant, store, now: call.now, conn)
            return try store.orders(participantID: nil, status: status, limit: limit, conn)
        }
        return Reply.json(["orders": .array(orders.map { $0.json(now: call.now, staff: true) })])
    }

    func staffOrder(_ call: StaffCall) throws -> HTTPResponse {
        let id = try pathID(call.params["order"], notFound: Self.orderNotFound)
        guard let order = try pool.withConnection({ try store(call.tenant).order(id, $0) }) else {
            throw Self.orderNotFound
        }
        return Reply.json(["order": order.json(now: call.now, staff: true)])
    }

    /// Refunds a paid order: `refundStarPayment` first, then — only once Telegram agreed — the
    /// order, its purchases and the stock in one transaction. Repeating it answers the refunded
    /// order; Telegram's own `refunded_payment` update converges on the same state.
    func refund(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        let id = try pathID(call.params["order"], notFound: Self.orderNotFound)
        let (order, _) = try refundOrder(id, tenant: call.tenant, now: call.now)
        return Reply.json(["order": order.json(now: call.now, staff: true)])
    }

    /// The refund itself (also for the payments endpoint): the order afterwards, and whether this
    /// call refunded it (false: it was refunded already, or by a racing request meanwhile).
    func refundOrder(_ id: Int64, tenant: LiveTenant, now: Date) throws -> (order: ShopOrder, refunded: Bool) {
        let store = store(tenant)
        let (order, payer) = try pool.withConnection { conn in
            (try store.order(id, conn), try store.payer(of: id, conn))
        }
        guard let order else { throw Self.orderNotFound }
        var refunded = false
        if order.status != .refunded {
            guard order.status == .paid, let charge = order.chargeID, let payer else {
                throw AreaError.conflict(
                    code: "order_not_refundable",
                    message: "only paid orders can be refunded (this one is \(order.status.rawValue))")
            }
            refunded = try StarRefund(botAPI: botAPI, logger: logger).refundOnce(
                tenant, payer: payer, charge: charge, subject: ("order", .int(id)), pool: pool,
                pending: { try store.facts(id, forUpdate: false, $0)?.status == .paid },
                // The order, then the payment row (inside `refund`): the order Telegram's
                // `refunded_payment` update locks them in, so the two never deadlock.
                record: { conn in
                    _ = try store.refund(id, now: now, conn)
                })
        }
        return (try pool.withConnection { try store.order(id, $0) }!, refunded)
    }

    static func summary(_ error: BotAPIError) -> String { StarRefund.summary(error) }

    func ship(_ call: StaffCall) throws -> HTTPResponse {
        try BodyReader.requireNone(call.request)
        let id = try pathID(call.params["order"], notFound: Self.orderNotFound)
        let store = store(call.tenant)
        let order = try pool.withConnection { conn -> ShopOrder in
            guard let order = try store.order(id, conn) else { throw Self.orderNotFound }
            guard order.status == .paid else {
                throw AreaError.conflict(
                    code: "order_not_paid",
                    message: "only paid orders can be shipped (this one is \(order.status.rawValue))")
            }
            _ = try store.markShipped(id, now: call.now, conn)
            return try store.order(id, conn)!
        }
        return Reply.json(["order": order.json(now: call.now, staff: true)])
    }
}

/// Runs the lazy expiry of pending orders at most every `interval` per tenant and process, so
/// reads of catalogues and order lists pay for it rarely (readers see past-due orders as expired
/// anyway, and a checkout short of stock sweeps at once).
final class ExpirySweep: Sendable {
    static let interval: TimeInterval = 30
    private let last = Mutex<[Int64: Date]>([:])

    func sweepIfDue(_ tenant: LiveTenant, _ store: ShopStore, now: Date, _ conn: PostgresConnection) throws {
        let due = last.withLock { map -> Bool in
            if let at = map[tenant.id], now.timeIntervalSince(at) < Self.interval { return false }
            map[tenant.id] = now
            return true
        }
        if due { try store.expireStale(now: now, conn) }
    }
}

/// Which tenants' blueprint products are synced into the catalogue, by blueprint version: each
/// server syncs once per version it sees (the upserts are idempotent, so servers may race).
final class CatalogSync: Sendable {
    private let synced = Mutex<Set<String>>([])

    func ensure(_ tenant: LiveTenant, _ pool: PostgresPool) throws {
        let key = "\(tenant.id):\(tenant.version)"
        if synced.withLock({ $0.contains(key) }) { return }
        let store = ShopStore(schema: tenant.schema)
        try pool.transaction { conn in try sync(tenant, store, conn) }
        synced.withLock { _ = $0.insert(key) }
    }

    /// The same, on a connection already in use (the update processor's transaction).
    func ensure(_ tenant: LiveTenant, _ conn: PostgresConnection) throws {
        let key = "\(tenant.id):\(tenant.version)"
        if synced.withLock({ $0.contains(key) }) { return }
        try sync(tenant, ShopStore(schema: tenant.schema), conn)
    }

    private func sync(_ tenant: LiveTenant, _ store: ShopStore, _ conn: PostgresConnection) throws {
        for section in tenant.blueprint.sections {
            guard let settings = section.shopSettings else { continue }
            try store.sync(
                section: section.id, products: settings.products, defaultLocale: tenant.blueprint.app.defaultLocale,
                conn)
        }
    }
}
