import Kernel
import Tenancy

extension ShopStore {
    /// The store of `tenant` whose refunds call `refundHook`.
    init(tenant: LiveTenant, refundHook: (any OrderRefundHook)?) {
        self.init(schema: tenant.schema)
        if let refundHook {
            afterRefund = { try refundHook.orderRefunded($0, participantID: $1, tenant: tenant, $2) }
        }
    }
}
