import Foundation
import HTTP
import Telegram
import Tenancy

/// Authenticates end-user calls carrying `Authorization: tma <initData>` against the tenant's bot token.
public struct TMAAuthenticator: Sendable {
    let maxAge: TimeInterval

    public init(maxAge: TimeInterval) { self.maxAge = maxAge }

    public func authenticate(_ request: HTTPRequest, tenant: LiveTenant, now: Date = Date()) throws(APIError) -> InitData {
        guard let header = request.headers["Authorization"], !header.isEmpty else {
            throw .unauthorized(code: "init_data_missing", message: "send Authorization: tma <initData>")
        }
        guard let raw = Self.tmaCredentials(header) else {
            throw .unauthorized(code: "auth_scheme_unsupported", message: "the Authorization scheme must be tma")
        }
        if let cached = tenant.initDataCache.get(raw, now: now) { return cached }
        let data: InitData
        do {
            data = try tenant.validator.validate(raw, now: now)
        } catch {
            throw APIError.from(error)
        }
        if let field = Self.fieldWithNUL(data) { throw .launchFieldWithNUL(field) }
        tenant.initDataCache.put(raw, data: data, expires: data.authDate.addingTimeInterval(maxAge))
        return data
    }

    /// The first stored launch field holding a NUL, named as in initData (`initData.user.first_name`).
    static func fieldWithNUL(_ data: InitData) -> String? {
        let user = data.user
        let stored: [(String, String?)] = [
            ("user.first_name", user.firstName), ("user.last_name", user.lastName), ("user.username", user.username),
            ("user.language_code", user.languageCode), ("user.photo_url", user.photoURL), ("start_param", data.startParam),
        ]
        return stored.first { $0.1?.utf8.contains(0) ?? false }.map { "initData." + $0.0 }
    }

    /// The credentials after a case-insensitive `tma ` scheme, surrounding spaces removed, or nil.
    /// Works on UTF-8 bytes: this runs on every request and Foundation's trimming walks UTF-16.
    static func tmaCredentials(_ header: String) -> String? {
        let bytes = header.utf8
        guard bytes.count > 4 else { return nil }
        var index = bytes.startIndex
        for expected in [UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "a")] {
            guard bytes[index] | 0x20 == expected else { return nil }
            index = bytes.index(after: index)
        }
        guard bytes[index] == UInt8(ascii: " ") else { return nil }
        var start = bytes.index(after: index)
        var end = bytes.endIndex
        while start < end, bytes[start] == UInt8(ascii: " ") { start = bytes.index(after: start) }
        while end > start, bytes[bytes.index(before: end)] == UInt8(ascii: " ") { end = bytes.index(before: end) }
        guard start < end else { return nil }
        return String(header[start..<end])
    }
}
