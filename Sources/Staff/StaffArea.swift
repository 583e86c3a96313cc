import Kernel

/// Staff: who may use a tenant's staff API and back office, and with which role. Today: the
/// staff API tokens and their authenticator.
public struct StaffArea: Area {
    public let authenticator: StaffAuthenticator
    public var staffAuthenticator: (any StaffAuthenticating)? { authenticator }

    public init(_ context: AreaContext) {
        authenticator = StaffAuthenticator(pool: context.pool, registry: context.registry)
    }

    public var name: String { "staff" }
    public var endpoints: [Endpoint] { [] }
}
