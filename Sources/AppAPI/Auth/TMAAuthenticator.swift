import Foundation
import HTTP
import Telegram
import Tenancy

/// Authenticates end-user calls carrying `Authorization: tma <initData>` against the tenant's bot token.
public struct TMAAuthenticator: Sendable {
    let maxAge: TimeInterval
    private let cache = InitDataCache()

    public init(maxAge: TimeInterval) { self.maxAge = maxAge }

    public func authenticate(_ request: HTTPRequest, tenant: LiveTenant, now: Date = Date()) throws(APIError) -> InitData {
        guard let header = request.headers["Authorization"], !header.isEmpty else {
            throw .unauthorized(code: "init_data_missing", message: "send Authorization: tma <initData>")
        }
        guard header.count > 4, header.prefix(4).lowercased() == "tma " else {
            throw .unauthorized(code: "auth_scheme_unsupported", message: "the Authorization scheme must be tma")
        }
        let raw = String(header.dropFirst(4)).trimmingCharacters(in: .whitespaces)
        if let cached = cache.get(tenantID: tenant.id, raw: raw, now: now) { return cached }
        do {
            let data = try tenant.validator.validate(raw, now: now)
            cache.put(tenantID: tenant.id, raw: raw, data: data, expires: data.authDate.addingTimeInterval(maxAge))
            return data
        } catch {
            throw APIError.from(error)
        }
    }
}
