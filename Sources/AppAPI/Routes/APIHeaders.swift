import HTTP

/// The headers of every staff-API and back-office session answer, refusals included: they carry
/// personal data (names, orders, messages, the session's CSRF token), so no cache may keep them,
/// and no browser may sniff a JSON answer into something it renders.
enum APIHeaders {
    static func applied(to response: HTTPResponse) -> HTTPResponse {
        var response = response
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
    }
}
