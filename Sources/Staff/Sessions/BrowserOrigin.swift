import HTTP

/// Where a browser says a request comes from: the Fetch Metadata header `Sec-Fetch-Site`, else
/// `Origin` compared with `Host`. Every change made with the session cookie, and every sign-in,
/// must come from the office's own pages; the CSRF token is the first guard, this the second
/// (a token leaked once, or a sibling subdomain, gets no further).
enum BrowserOrigin {
    /// False when the browser says the request comes from another site (or a sibling site).
    ///
    /// `Sec-Fetch-Site` decides where it is sent (current browsers): only `same-origin` and `none`
    /// (typed or bookmarked) pass. Without it, an `Origin` must name this host. `Origin: null`
    /// alone passes: the office's `Referrer-Policy: no-referrer` makes browsers send `null` on
    /// its own POSTs (Fetch, "serializing a request origin"), and the CSRF token still decides.
    static func isSameOrigin(_ request: HTTPRequest) -> Bool {
        if let site = request.headers["Sec-Fetch-Site"]?.lowercased() {
            return site == "same-origin" || site == "none"
        }
        guard let origin = request.headers["Origin"], origin != "null" else { return true }
        let host = request.headers["Host"] ?? ""
        let bare = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? ""
        return !host.isEmpty && bare.lowercased() == host.lowercased()
    }
}
