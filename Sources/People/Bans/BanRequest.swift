import Foundation
import HTTP
import Kernel

/// A staff member's ban as the request states it: why, and until when (nil: until lifted).
struct BanRequest: Sendable, Equatable {
    static let reasonMax = 500

    var reason: String
    var until: Date?

    /// Reads `{"reason": "…", "until": "2026-01-01T00:00:00Z" | null}`; `until` must lie after `now`.
    static func parse(_ request: HTTPRequest, now: Date) throws(AreaError) -> BanRequest {
        var body = try BodyReader(request, allowed: ["reason", "until"])
        let reason = body.string("reason", max: reasonMax)
        if reason == nil && !body.has("reason") {
            body.fail("reason", "required: say why (at most \(reasonMax) characters)")
        }
        let until = body.instant("until")
        if let until, until <= now { body.fail("until", "must lie in the future (it is \(Instant.format(now)) now)") }
        try body.finish()
        return BanRequest(reason: reason ?? "", until: until)
    }

    /// Reads an unban's optional `{"reason": "…"}`.
    static func unbanReason(_ request: HTTPRequest) throws(AreaError) -> String? {
        var body = try BodyReader(request, allowed: ["reason"])
        let reason = body.string("reason", max: reasonMax)
        try body.finish()
        return reason
    }
}
