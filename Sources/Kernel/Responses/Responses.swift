import Foundation
import HTTP
import TesseraJSON

/// JSON responses and ISO 8601 instants as the API writes and reads them.
public enum Reply {
    public static func json(_ value: JSONValue, status: Int = 200) -> HTTPResponse {
        var response = HTTPResponse.json(value.serialized(), status: status)
        // Live data: never reuse a copy without asking.
        response.headers.add(name: "Cache-Control", value: "private, no-store")
        return response
    }

    public static func noContent() -> HTTPResponse { HTTPResponse(status: 204) }
}

/// Instants in the API: written as UTC ISO 8601 (`2025-03-01T09:30:00Z`); read with an offset or Z,
/// optional fractional seconds. A time without an offset is ambiguous and rejected.
public enum Instant {
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: TimeZone(identifier: "UTC")!))
    }

    public static func parse(_ text: String) -> Date? {
        guard text.utf8.count <= 40 else { return nil }
        // Formatters are not Sendable; making one per admin write is cheap enough.
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    public static let expected = "an ISO 8601 date-time with an offset, like 2025-03-01T19:00:00+03:00 or 2025-03-01T16:00:00Z"
}
