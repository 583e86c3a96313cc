import Blueprint
import Foundation
import Kernel
import Postgres
import TesseraJSON

/// The SQL of the shop in one tenant schema: catalogue, carts, orders, purchases.
///
/// Stock is only ever changed by conditional updates (`stock = stock - n WHERE stock >= n`) in the
/// transaction that creates the order, so concurrent buyers of the last items are serialised on the
/// product's row and the count never goes below zero (the table's CHECK says so too). Rows are
/// locked in product-id order everywhere, so reserving and releasing cannot deadlock each other.
public struct ShopStore: Sendable {
    public let schema: Identifier
    /// How long an unpaid order holds its stock.
    public static let orderTTL: TimeInterval = 15 * 60

    /// Called in a refund's transaction once the order became refunded (see `OrderRefundHook`).
    var afterRefund: (@Sendable (_ orderID: Int64, _ participantID: Int64, _ conn: PostgresConnection) throws -> Void)?

    public init(schema: Identifier) { self.schema = schema }

    var products: SQL { "\(ident: schema).products" }
    var orders: SQL { "\(ident: schema).orders" }
    var orderItems: SQL { "\(ident: schema).order_items" }

    // MARK: catalogue

    /// Makes the catalogue match the blueprint's declared products: upserts them (content, price,
    /// category, order) and deactivates blueprint products no longer declared. Stock and kind are
    /// staff's and stay as they are. Admin products with the same key are left alone.
    func sync(section: String, products declared: [Product], defaultLocale: String, _ conn: PostgresConnection) throws {
        for (index, product) in declared.enumerated() {
            let title = String(product.title.resolved(for: defaultLocale, defaultLocale: defaultLocale).prefix(200))
            let description = product.description?.resolved(for: defaultLocale, defaultLocale: defaultLocale) ?? ""
            try conn.execute(
                """
                INSERT INTO \(fragment: products) (section, key, origin, title, description, image_url, category, price_stars, position)
                VALUES (\(section), \(product.id), 'blueprint', \(title), \(description), \(product.image), \(product.category),
                        \(product.price), \(index))
                ON CONFLICT (section, key) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description,
                    image_url = EXCLUDED.image_url, category = EXCLUDED.category, price_stars = EXCLUDED.price_stars,
                    position = EXCLUDED.position, active = true, updated_at = now()
                WHERE products.origin = 'blueprint'
                  AND (products.title, products.description, products.image_url, products.category, products.price_stars,
                       products.position, products.active)
                      IS DISTINCT FROM
                      (EXCLUDED.title, EXCLUDED.description, EXCLUDED.image_url, EXCLUDED.category, EXCLUDED.price_stars,
                       EXCLUDED.position, true)
                """)
        }
        let keys = PostgresArray(declared.map { Optional($0.id) })
        try conn.execute(
            """
            UPDATE \(fragment: products) SET active = false, updated_at = now()
            WHERE section = \(section) AND origin = 'blueprint' AND active AND NOT (key = ANY(\(keys)::text[]))
            """)
    }

    func list(section: String?, category: String?, activeOnly: Bool, limit: Int, _ conn: PostgresConnection) throws
        -> [ShopProduct]
    {
        var conditions: [SQL] = []
        if let section { conditions.append("p.section = \(section)") }
        if let category { conditions.append("p.category = \(category)") }
        if activeOnly { conditions.append("p.active") }
        var sql: SQL = "SELECT \(unsafeRaw: ShopProduct.columns()) FROM \(fragment: products) p"
        if !conditions.isEmpty { sql = sql + " WHERE " + SQL.join(conditions, separator: " AND ") }
        sql = sql + " ORDER BY p.section, p.position, p.id LIMIT \(limit)"
        return try conn.query(sql).map { try ShopProduct(row: $0) }
    }

    func find(_ ref: ProductRef, section: String? = nil, forUpdate: Bool = false, _ conn: PostgresConnection) throws
        -> ShopProduct?
    {
        var sql: SQL = "SELECT \(unsafeRaw: ShopProduct.columns()) FROM \(fragment: products) p WHERE "
        switch ref {
        case .id(let id): sql = sql + "p.id = \(id)"
        case .key(let key): sql = sql + "p.key = \(key)"
        }
        if let section { sql = sql + " AND p.section = \(section)" }
        sql = sql + " ORDER BY p.id LIMIT 1"
        if forUpdate { sql = sql + " FOR UPDATE OF p" }
        return try conn.query(sql).first.map { try ShopProduct(row: $0) }
    }

    func insert(_ draft: ProductDraft, _ conn: PostgresConnection) throws -> ShopProduct {
        let id = try conn.query(
            """
            INSERT INTO \(fragment: products)
                (section, key, origin, title, description, image_url, category, price_stars, stock, kind, active, position)
            VALUES (\(draft.section), \(draft.key), 'admin', \(draft.title), \(draft.description), \(draft.image), \(draft.category),
                    \(draft.price), \(draft.stock), \(draft.kind.rawValue), \(draft.active), \(draft.position))
            RETURNING id
            """
        ).first!.decode(Int64.self, 0)
        return try find(.id(id), conn)!
    }

    /// Writes the draft; `stock` only when `setStock` (a PATCH that named it): checkouts and
    /// expiries change the stock concurrently, and a PATCH about something else must not undo them.
    func update(_ id: Int64, _ draft: ProductDraft, setStock: Bool, _ conn: PostgresConnection) throws {
        let stock: SQL = setStock ? "stock = \(draft.stock), " : ""
        try conn.execute(
            """
            UPDATE \(fragment: products) SET section = \(draft.section), key = \(draft.key), title = \(draft.title),
                description = \(draft.description), image_url = \(draft.image), category = \(draft.category),
                price_stars = \(draft.price), \(fragment: stock)kind = \(draft.kind.rawValue), active = \(draft.active),
                position = \(draft.position), updated_at = now()
            WHERE id = \(id)
            """)
    }

    // MARK: cart

    struct CartLine: Sendable {
        var product: ShopProduct
        var quantity: Int
        var subtotal: Stars { product.price * quantity }
    }

    /// The participant's cart in `section`; `forUpdate` locks its lines (a checkout: cart edits
    /// and other checkouts of the same lines wait for its commit, then see them gone).
    func cart(participantID: Int64, section: String, forUpdate: Bool = false, _ conn: PostgresConnection) throws
        -> [CartLine]
    {
        let lock: SQL = forUpdate ? " FOR UPDATE OF c" : ""
        return try conn.query(
            """
            SELECT \(unsafeRaw: ShopProduct.columns()), c.quantity
            FROM \(ident: schema).cart_items c JOIN \(fragment: products) p ON p.id = c.product_id
            WHERE c.participant_id = \(participantID) AND c.section = \(section) AND p.active
            ORDER BY c.added_at, p.id\(fragment: lock)
            """
        ).map {
            CartLine(product: try ShopProduct(row: $0), quantity: try $0.decode(Int.self, ShopProduct.columnCount))
        }
    }

    /// Adds `quantity` of the product (at most 99 in the cart).
    func addToCart(participantID: Int64, section: String, productID: Int64, quantity: Int, _ conn: PostgresConnection)
        throws
    {
        try conn.execute(
            """
            INSERT INTO \(ident: schema).cart_items (participant_id, product_id, section, quantity)
            VALUES (\(participantID), \(productID), \(section), \(min(quantity, 99)))
            ON CONFLICT (participant_id, product_id) DO UPDATE SET quantity = least(99, cart_items.quantity + EXCLUDED.quantity)
            """)
    }

    func removeFromCart(participantID: Int64, productID: Int64, _ conn: PostgresConnection) throws -> Bool {
        try conn.execute(
            "DELETE FROM \(ident: schema).cart_items WHERE participant_id = \(participantID) AND product_id = \(productID)"
        ) == 1
    }

    // MARK: orders

    /// A cart line as it was taken out of the cart by `createOrder` (to put it back if the order fails).
    struct TakenCartLine: Sendable {
        var productID: Int64
        var section: String
        var quantity: Int
    }

    /// Serialises the participant's checkouts (a row lock on their participant row, held to the
    /// caller's commit): of racing checkouts, each sees what the one before it committed. `NO KEY`:
    /// rows that merely reference the participant (a cart line added meanwhile) need not wait.
    func lockCheckouts(participantID: Int64, _ conn: PostgresConnection) throws {
        try conn.execute("SELECT 1 FROM \(ident: schema).participants WHERE id = \(participantID) FOR NO KEY UPDATE")
    }

    /// The participant's open order for exactly `quantity` of one product in `section` (pending,
    /// not past its expiry): a repeated "buy now" answers it instead of ordering again.
    func openOrder(
        participantID: Int64, section: String, productID: Int64, quantity: Int, now: Date, _ conn: PostgresConnection
    ) throws -> Int64? {
        try conn.query(
            """
            SELECT o.id FROM \(fragment: orders) o
            WHERE o.participant_id = \(participantID) AND o.section = \(section) AND o.status = 'pending' AND o.expires_at > \(now)
              AND EXISTS (SELECT 1 FROM \(fragment: orderItems) i
                          WHERE i.order_id = o.id AND i.product_id = \(productID) AND i.quantity = \(Int64(quantity)))
              AND (SELECT count(*) FROM \(fragment: orderItems) i WHERE i.order_id = o.id) = 1
            ORDER BY o.id DESC LIMIT 1
            """
        ).first?.decode(Int64.self, 0)
    }

    /// Creates a pending order for `lines` (product id → quantity) and reserves its stock, in the
    /// caller's transaction; the ordered products leave the cart (returned as `cart`, so a failed
    /// invoice can put them back). Returns the order's id. Throws
    /// `out_of_stock` / `product_unavailable` (the transaction must then roll back), and
    /// `cart_empty` when `fromCart` and the cart lines were no longer there to take (the DELETE
    /// decides: a line is ordered only by the transaction that deleted it).
    ///
    /// The stock is taken last, so the products' rows stay locked only from that update to the
    /// commit: buyers of the same product queue for as short a time as possible.
    func createOrder(
        participantID: Int64, section: String, lines: [(productID: Int64, quantity: Int)], fromCart: Bool = false,
        now: Date, _ conn: PostgresConnection
    ) throws -> (id: Int64, cart: [TakenCartLine]) {
        let wanted = Dictionary(
            lines.map { ($0.productID, min(99, $0.quantity)) }, uniquingKeysWith: { min(99, $0 + $1) })
        guard !wanted.isEmpty else { throw AreaError.conflict(code: "cart_empty", message: "the cart is empty") }
        let ids = wanted.keys.sorted()
        // KEY SHARE: a staff delete of a product waits for the orders being made of it (then
        // keeps it, deactivated), and a product deleted first is simply not found here. Buyers
        // do not wait on each other for it.
        let rows = try conn.query(
            """
            SELECT \(unsafeRaw: ShopProduct.columns()) FROM \(fragment: products) p
            WHERE p.id = ANY(\(PostgresArray(ids))::bigint[]) AND p.section = \(section) AND p.active
            ORDER BY p.id FOR KEY SHARE OF p
            """
        ).map { try ShopProduct(row: $0) }
        guard rows.count == ids.count else {
            throw AreaError.conflict(
                code: "product_unavailable", message: "a product in the order is no longer sold")
        }
        let total = rows.reduce(Stars.zero) { $0 + $1.price * wanted[$1.id]! }
        let orderID = try conn.query(
            """
            INSERT INTO \(fragment: orders) (section, participant_id, status, total_stars, expires_at)
            VALUES (\(section), \(participantID), 'pending', \(total.amount), \(now.addingTimeInterval(Self.orderTTL)))
            RETURNING id
            """
        ).first!.decode(Int64.self, 0)
        try conn.execute(
            """
            INSERT INTO \(fragment: orderItems) (order_id, product_id, title, kind, unit_price_stars, quantity)
            SELECT \(orderID), * FROM unnest(\(PostgresArray(ids))::bigint[], \(PostgresArray(rows.map { Optional($0.title) }))::text[],
                \(PostgresArray(rows.map { Optional($0.kind.rawValue) }))::text[], \(PostgresArray(rows.map(\.price.amount)))::integer[],
                \(PostgresArray(ids.map { Int64(wanted[$0]!) }))::integer[])
            """)
        let taken = try conn.query(
            """
            DELETE FROM \(ident: schema).cart_items
            WHERE participant_id = \(participantID) AND product_id = ANY(\(PostgresArray(ids))::bigint[])
            RETURNING product_id, section, quantity
            """
        ).map {
            TakenCartLine(
                productID: try $0.decode(Int64.self, 0), section: try $0.decode(String.self, 1),
                quantity: try $0.decode(Int.self, 2))
        }
        if fromCart, Dictionary(taken.map { ($0.productID, $0.quantity) }, uniquingKeysWith: +) != wanted {
            if taken.isEmpty { throw AreaError.conflict(code: "cart_empty", message: "the cart is empty") }
            throw AreaError.conflict(code: "cart_changed", message: "the cart changed during checkout; check out again")
        }
        for product in rows where product.stock != nil {
            // Limited stock: take it only if enough is left, under the row's lock (in id order).
            let taken = try conn.execute(
                """
                UPDATE \(fragment: products) SET stock = stock - \(wanted[product.id]!), updated_at = now()
                WHERE id = \(product.id) AND active AND stock IS NOT NULL AND stock >= \(wanted[product.id]!)
                """)
            if taken == 0 {
                throw AreaError.conflict(
                    code: "out_of_stock", message: "\"\(product.title)\" is sold out or has fewer items left")
            }
        }
        return (orderID, taken)
    }

    func setInvoiceLink(_ orderID: Int64, _ link: String, _ conn: PostgresConnection) throws {
        try conn.execute("UPDATE \(fragment: orders) SET invoice_link = \(link) WHERE id = \(orderID)")
    }

    /// Expires pending orders past their time (a bounded batch, skipping rows someone holds) and
    /// gives their stock back; with `product`, only orders holding that product. Runs lazily: when
    /// a checkout finds too little stock, when add-to-cart finds a product sold out (that product's
    /// orders), and at most every `ExpirySweep.interval` per tenant when the products list and
    /// staff order lists are read.
    @discardableResult
    func expireStale(now: Date, product: Int64? = nil, limit: Int = 100, _ conn: PostgresConnection) throws -> Int {
        let holding: SQL =
            product.map { " AND id IN (SELECT order_id FROM \(fragment: orderItems) WHERE product_id = \($0))" } ?? ""
        return try conn.transaction { conn in
            let ids = try conn.query(
                """
                UPDATE \(fragment: orders) o SET status = 'expired', closed_at = \(now)
                WHERE o.id IN (SELECT id FROM \(fragment: orders) WHERE status = 'pending' AND expires_at <= \(now)\(fragment: holding)
                               ORDER BY expires_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING o.id
                """
            ).map { try $0.decode(Int64.self, 0) }
            try releaseStock(orders: ids, conn)
            return ids.count
        }
    }

    /// Puts the items of `orders` back into stock (limited products only).
    func releaseStock(orders ids: [Int64], _ conn: PostgresConnection) throws {
        guard !ids.isEmpty else { return }
        let array = PostgresArray(ids)
        try conn.execute(
            """
            SELECT 1 FROM \(fragment: products)
            WHERE stock IS NOT NULL AND id IN (SELECT product_id FROM \(fragment: orderItems) WHERE order_id = ANY(\(array)::bigint[]))
            ORDER BY id FOR UPDATE
            """)
        try conn.execute(
            """
            UPDATE \(fragment: products) p SET stock = p.stock + i.quantity, updated_at = now()
            FROM (SELECT product_id, sum(quantity)::integer AS quantity FROM \(fragment: orderItems)
                  WHERE order_id = ANY(\(array)::bigint[]) GROUP BY product_id) i
            WHERE p.id = i.product_id AND p.stock IS NOT NULL
            """)
    }

    /// Takes an order's stock again (a late payment for an order that had released it); false,
    /// with nothing taken, when some product no longer has enough or is no longer sold (inactive).
    func reserveAgain(orderID: Int64, _ conn: PostgresConnection) throws -> Bool {
        struct SoldOut: Error {}
        do {
            try conn.transaction { conn in
                let items = try conn.query(
                    "SELECT product_id, quantity FROM \(fragment: orderItems) WHERE order_id = \(orderID) ORDER BY product_id"
                ).map { (try $0.decode(Int64.self, 0), try $0.decode(Int.self, 1)) }
                for (productID, quantity) in items {
                    let taken = try conn.execute(
                        """
                        UPDATE \(fragment: products) SET stock = stock - \(quantity), updated_at = now()
                        WHERE id = \(productID) AND active AND stock IS NOT NULL AND stock >= \(quantity)
                        """)
                    let unlimited =
                        try conn.query(
                            "SELECT active AND stock IS NULL FROM \(fragment: products) WHERE id = \(productID)"
                        ).first?.decode(Bool.self, 0) ?? false
                    if taken == 0 && !unlimited { throw SoldOut() }
                }
            }
            return true
        } catch is SoldOut {
            return false
        }
    }

    /// The facts payment decisions need, optionally locking the order's row.
    func facts(_ orderID: Int64, forUpdate: Bool, _ conn: PostgresConnection) throws -> OrderFacts? {
        let lock: SQL = forUpdate ? " FOR UPDATE" : ""
        return try conn.query(
            """
            SELECT id, participant_id, status, total_stars, currency, expires_at FROM \(fragment: orders)
            WHERE id = \(orderID)\(fragment: lock)
            """
        ).first.map { row in
            OrderFacts(
                id: try row.decode(Int64.self, 0), participantID: try row.decode(Int64.self, 1),
                status: OrderStatus(rawValue: try row.decode(String.self, 2)) ?? .cancelled,
                total: Stars(try row.decode(Int64.self, 3)),
                currency: try row.decode(String.self, 4), expiresAt: try row.decode(Date.self, 5))
        }
    }

    /// Keeps a pre-approved order from expiring while its payment is in flight.
    func holdForPayment(_ orderID: Int64, until: Date, _ conn: PostgresConnection) throws {
        try conn.execute(
            "UPDATE \(fragment: orders) SET expires_at = greatest(expires_at, \(until)) WHERE id = \(orderID)")
    }

    /// Marks the order paid by `paymentID` / `chargeID`, records what was bought and adds the
    /// order's Stars to the buyer's `purchases` boards. The caller holds the order's row lock; an
    /// order already paid or refunded changes nothing, so a redelivered payment counts once.
    func markPaid(_ orderID: Int64, paymentID: Int64, chargeID: String, now: Date, _ conn: PostgresConnection) throws {
        guard
            let paid = try conn.query(
                """
                UPDATE \(fragment: orders) SET status = 'paid', paid_at = \(now), closed_at = NULL, payment_id = \(paymentID),
                    telegram_payment_charge_id = \(chargeID)
                WHERE id = \(orderID) AND status NOT IN ('paid', 'refunded')
                RETURNING participant_id, total_stars
                """
            ).first
        else { return }
        try ScoreRollup(schema: schema).add(
            try paid.decode(Int64.self, 1), to: try paid.decode(Int64.self, 0), source: .purchases, at: now, conn)
        try conn.execute(
            """
            INSERT INTO \(ident: schema).purchases (participant_id, product_id, order_id, quantity, stars, purchased_at)
            SELECT o.participant_id, i.product_id, o.id, i.quantity, i.unit_price_stars::bigint * i.quantity, \(now)
            FROM \(fragment: orderItems) i JOIN \(fragment: orders) o ON o.id = i.order_id
            WHERE o.id = \(orderID)
            ON CONFLICT (order_id, product_id) DO NOTHING
            """)
    }

    /// pending → cancelled (by the buyer), giving the stock back; nil when not the buyer's
    /// order, false when it is no longer pending. `restoreCart` (the lines the order took out of
    /// the cart, when its invoice failed) goes back into the cart in the same transaction.
    func cancel(
        _ orderID: Int64, participantID: Int64, now: Date, restoreCart: [TakenCartLine] = [],
        _ conn: PostgresConnection
    ) throws -> Bool? {
        try conn.transaction { conn in
            guard let facts = try facts(orderID, forUpdate: true, conn), facts.participantID == participantID else {
                return nil
            }
            guard facts.status.after(.cancel) != nil else { return false }
            try conn.execute(
                "UPDATE \(fragment: orders) SET status = 'cancelled', closed_at = \(now) WHERE id = \(orderID)")
            try releaseStock(orders: [orderID], conn)
            if !restoreCart.isEmpty {
                try conn.execute(
                    """
                    INSERT INTO \(ident: schema).cart_items (participant_id, product_id, section, quantity)
                    SELECT \(participantID), * FROM unnest(\(PostgresArray(restoreCart.map(\.productID)))::bigint[],
                        \(PostgresArray(restoreCart.map { Optional($0.section) }))::text[],
                        \(PostgresArray(restoreCart.map { Int64($0.quantity) }))::integer[])
                    ON CONFLICT (participant_id, product_id)
                        DO UPDATE SET quantity = least(99, cart_items.quantity + EXCLUDED.quantity)
                    """)
            }
            return true
        }
    }

    /// paid → refunded: the purchases are marked refunded, the order's Stars leave the buyer's
    /// `purchases` boards and, unless the order was shipped, the stock comes back; `afterRefund`
    /// runs in the same transaction. Idempotent: false when the
    /// order was not paid (already refunded, say).
    @discardableResult
    func refund(_ orderID: Int64, now: Date, _ conn: PostgresConnection) throws -> Bool {
        try conn.transaction { conn in
            if afterRefund != nil {
                // The hook's work (points) locks the buyer's row; taking it before the order's row
                // keeps the order of locks that claims and bot updates (participant first) use.
                try conn.execute(
                    """
                    SELECT 1 FROM \(ident: schema).participants
                    WHERE id = (SELECT participant_id FROM \(fragment: orders) WHERE id = \(orderID)) FOR UPDATE
                    """)
            }
            guard
                let row = try conn.query(
                    """
                    SELECT status, shipped_at IS NOT NULL, telegram_payment_charge_id, participant_id, total_stars, paid_at
                    FROM \(fragment: orders) WHERE id = \(orderID) FOR UPDATE
                    """
                ).first
            else { return false }
            let status = OrderStatus(rawValue: try row.decode(String.self, 0)) ?? .cancelled
            guard status.after(.refund) == .refunded else { return false }
            try conn.execute(
                "UPDATE \(fragment: orders) SET status = 'refunded', refunded_at = \(now), closed_at = \(now) WHERE id = \(orderID)"
            )
            try conn.execute(
                "UPDATE \(ident: schema).purchases SET refunded_at = \(now) WHERE order_id = \(orderID) AND refunded_at IS NULL"
            )
            if try !row.decode(Bool.self, 1) { try releaseStock(orders: [orderID], conn) }
            if let charge = try row.decode(String?.self, 2) {
                try conn.execute(
                    """
                    UPDATE \(ident: schema).payments SET refunded_at = coalesce(refunded_at, \(now))
                    WHERE telegram_payment_charge_id = \(charge)
                    """)
            }
            // The Stars leave the periods the payment counted in; purchases before points, the
            // rollups' source order.
            if let paidAt = try row.decode(Date?.self, 5) {
                try ScoreRollup(schema: schema).add(
                    -(try row.decode(Int64.self, 4)), to: try row.decode(Int64.self, 3), source: .purchases, at: paidAt, conn)
            }
            try afterRefund?(orderID, try row.decode(Int64.self, 3), conn)
            return true
        }
    }

    func orderID(chargeID: String, _ conn: PostgresConnection) throws -> Int64? {
        try conn.query("SELECT id FROM \(fragment: orders) WHERE telegram_payment_charge_id = \(chargeID)").first?
            .decode(Int64.self, 0)
    }

    func markShipped(_ orderID: Int64, now: Date, _ conn: PostgresConnection) throws -> Bool {
        try conn.execute(
            "UPDATE \(fragment: orders) SET shipped_at = coalesce(shipped_at, \(now)) WHERE id = \(orderID) AND status = 'paid'"
        ) == 1
    }

    /// The Telegram user who paid the order, for a refund.
    func payer(of orderID: Int64, _ conn: PostgresConnection) throws -> Int64? {
        try conn.query(
            """
            SELECT pay.telegram_user_id FROM \(fragment: orders) o JOIN \(ident: schema).payments pay ON pay.id = o.payment_id
            WHERE o.id = \(orderID)
            """
        ).first?.decode(Int64.self, 0)
    }

    // MARK: reading orders

    func order(_ id: Int64, participantID: Int64? = nil, _ conn: PostgresConnection) throws -> ShopOrder? {
        var sql: SQL = "SELECT \(unsafeRaw: ShopOrder.columns) FROM \(fragment: orders) o WHERE o.id = \(id)"
        if let participantID { sql = sql + " AND o.participant_id = \(participantID)" }
        guard let row = try conn.query(sql).first else { return nil }
        var order = try ShopOrder(row: row)
        order.items = try items([id], conn)[id] ?? []
        return order
    }

    /// Orders newest first, of one participant or (for staff) of everyone, optionally by status.
    func orders(participantID: Int64?, status: OrderStatus?, limit: Int, _ conn: PostgresConnection) throws
        -> [ShopOrder]
    {
        var conditions: [SQL] = []
        if let participantID { conditions.append("o.participant_id = \(participantID)") }
        if let status { conditions.append("o.status = \(status.rawValue)") }
        var sql: SQL = "SELECT \(unsafeRaw: ShopOrder.columns) FROM \(fragment: orders) o"
        if !conditions.isEmpty { sql = sql + " WHERE " + SQL.join(conditions, separator: " AND ") }
        sql = sql + " ORDER BY o.id DESC LIMIT \(limit)"
        var list = try conn.query(sql).map { try ShopOrder(row: $0) }
        let items = try items(list.map(\.id), conn)
        for i in list.indices { list[i].items = items[list[i].id] ?? [] }
        return list
    }

    private func items(_ orderIDs: [Int64], _ conn: PostgresConnection) throws -> [Int64: [ShopOrder.Item]] {
        guard !orderIDs.isEmpty else { return [:] }
        var out: [Int64: [ShopOrder.Item]] = [:]
        for row in try conn.query(
            """
            SELECT i.order_id, i.product_id, p.key, i.title, i.kind, i.unit_price_stars, i.quantity
            FROM \(fragment: orderItems) i JOIN \(fragment: products) p ON p.id = i.product_id
            WHERE i.order_id = ANY(\(PostgresArray(orderIDs))::bigint[]) ORDER BY i.order_id, i.product_id
            """)
        {
            out[try row.decode(Int64.self, 0), default: []].append(
                ShopOrder.Item(
                    productID: try row.decode(Int64.self, 1), key: try row.decode(String.self, 2),
                    title: try row.decode(String.self, 3),
                    kind: try row.decode(String.self, 4), unitPrice: Stars(try row.decode(Int64.self, 5)),
                    quantity: try row.decode(Int.self, 6)))
        }
        return out
    }

    /// What the participant owns (refunded purchases included, marked), newest first.
    func purchases(participantID: Int64, limit: Int, _ conn: PostgresConnection) throws -> [JSONValue] {
        try conn.query(
            """
            SELECT pu.id, pu.order_id, pu.quantity, pu.stars, pu.purchased_at, pu.refunded_at,
                   \(unsafeRaw: ShopProduct.columns())
            FROM \(ident: schema).purchases pu JOIN \(fragment: products) p ON p.id = pu.product_id
            WHERE pu.participant_id = \(participantID)
            ORDER BY pu.purchased_at DESC, pu.id DESC LIMIT \(limit)
            """
        ).map { row in
            let product = try ShopProduct(row: row, offset: 6)
            return [
                "id": .int(try row.decode(Int64.self, 0)), "order": .int(try row.decode(Int64.self, 1)),
                "quantity": .int(try row.decode(Int64.self, 2)), "stars": .int(try row.decode(Int64.self, 3)),
                "purchased_at": .string(Instant.format(try row.decode(Date.self, 4))),
                "refunded_at": try row.decode(Date?.self, 5).map { .string(Instant.format($0)) } ?? .null,
                "product": product.json(),
            ]
        }
    }

    /// How many of the participant's orders are paid (refunded ones do not count): for quests.
    public func paidOrderCount(participantID: Int64, _ conn: PostgresConnection) throws -> Int {
        try conn.query(
            "SELECT count(*) FROM \(fragment: orders) WHERE participant_id = \(participantID) AND status = 'paid'"
        ).first!.decode(Int.self, 0)
    }

    /// Stars the participant spent on orders still paid (refunds subtracted), optionally since an
    /// instant: for "purchases" leaderboards.
    public func starsSpent(participantID: Int64, since: Date? = nil, _ conn: PostgresConnection) throws -> Stars {
        var sql: SQL =
            "SELECT coalesce(sum(total_stars), 0)::bigint FROM \(fragment: orders) WHERE participant_id = \(participantID) AND status = 'paid'"
        if let since { sql = sql + " AND paid_at >= \(since)" }
        return Stars(try conn.query(sql).first!.decode(Int64.self, 0))
    }
}
