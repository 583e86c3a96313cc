import Foundation
import Postgres
import Synchronization
import Telegram
import Tenancy

/// The areas' hooks, gathered once every area is built: an area holds this board from its
/// construction and reaches the others only through it. `install` runs once, before serving.
public final class AreaHooks: Sendable {
    private let areas = Mutex<[any Area]>([])

    public init() {}

    /// Makes `areas` the ones every hook reaches.
    public func install(_ areas: [any Area]) {
        self.areas.withLock { $0 = areas }
    }

    private var all: [any Area] { areas.withLock { $0 } }

    /// Routes payments by payload prefix to the areas that issue the invoices.
    public var payments: PaymentRouter {
        PaymentRouter(all.flatMap(\.paymentRoutes).map { (prefix: $0.prefix, handler: $0.handler) })
    }

    /// The staff directory by Telegram account (the Staff area's), if an area provides one.
    public var staffByTelegram: (any StaffByTelegram)? { all.lazy.compactMap(\.staffByTelegram).first }

    /// The audit log writer (the Staff area's), if an area provides one.
    public var staffAudit: (any StaffAuditing)? { all.lazy.compactMap(\.staffAudit).first }

    /// Asks each area to reverse `item`; false when none owns it.
    public func reverse(_ item: PaidItem, tenant: LiveTenant, now: Date) throws -> Bool {
        for area in all {
            if let reversed = try area.reverse(item, tenant: tenant, now: now) { return reversed }
        }
        return false
    }
}

extension AreaHooks: OrderRefundHook {
    public func orderRefunded(_ orderID: Int64, participantID: Int64, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        for hook in all.compactMap(\.orderRefundHook) {
            try hook.orderRefunded(orderID, participantID: participantID, tenant: tenant, conn)
        }
    }
}

extension AreaHooks: MessageReceiving {
    public func messageReceived(_ message: ReceivedMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        for area in all { try area.messageReceived(message, tenant: tenant, conn) }
    }

    public func groupMessageReceived(_ message: IncomingMessage, tenant: LiveTenant, _ conn: PostgresConnection) throws {
        for area in all { try area.groupMessageReceived(message, tenant: tenant, conn) }
    }
}

extension AreaHooks: StartCommandHandling {
    public func startCommand(_ command: StartCommand, tenant: LiveTenant, _ conn: PostgresConnection) throws -> Bool {
        for area in all where try area.startCommand(command, tenant: tenant, conn) { return true }
        return false
    }
}
