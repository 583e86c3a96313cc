import HTTP

/// The headers of every staff-API and back-office session answer, refusals included: they carry
/// personal data (names, orders, messages, the session's CSRF token), so no cache may keep them,
/// and no browser may sniff a JSON answer into something it renders.
enum APIHeaders {
    @Sendable static func applied(to response: HTTPResponse) -> HTTPResponse {
        // A waiting long poll answers later: its answer gets them when it comes.
        if let deferred = response.deferred { return .deferred(deferred.map(applied)) }
        var response = response
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
    }
}
