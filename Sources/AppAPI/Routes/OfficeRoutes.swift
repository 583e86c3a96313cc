import HTTP
import Kernel

/// Serves the back-office front end: the shell for `/office/` and every screen URL under it
/// (the page's router reads `location.pathname`), and its files at `/office/assets/{file}`.
/// The session API under `/office/api/` belongs to the Staff area.
enum OfficeRoutes {
    /// No inline script or style, no framing, no referrer: screen URLs carry one-time tokens
    /// (`/office/invite/{token}`) that must not leak to other sites.
    static let securityHeaders: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        (
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        ),
    ]

    static func register(_ router: inout Router, _ context: AppContext) {
        router.add(.GET, "/office") { _, _ in
            var response = HTTPResponse.text("", status: 308)
            response.headers.add(name: "Location", value: "/office/")
            return response
        }
        router.add(.GET, "/office/assets/{file}") { request, params in
            let name = params["file"] ?? ""
            guard name != "index.html", let file = context.office.files[name] else {
                return .error(status: 404, code: "not_found", message: "no back-office file \"\(name)\"")
            }
            return serve(file, request)
        }
        for screen in screens {
            router.add(.GET, screen) { request, _ in
                guard let shell = context.office.files["index.html"] else {
                    return .error(status: 404, code: "not_found", message: "the back office is not installed")
                }
                return serve(shell, request)
            }
        }
    }

    /// The screen URLs of the page's router (`PUBLIC` and `TENANT` in app.js), each answered with
    /// the page. Listed, not a catch-all, so `/office/api/…` (the session API) keeps its own
    /// methods and 404s, and a URL no screen has is a 404.
    static let screens: [String] = {
        let tenantScreens = [
            "overview", "participants", "contacts", "bans", "dialogs", "news", "events", "orders", "payments",
            "quests", "ratings", "audit", "jobs", "team",
        ]
        return [
            "/office/", "/office/sign-in", "/office/invite/{token}", "/office/reset/{token}", "/office/telegram/{token}",
            "/office/{tenant}", "/office/{tenant}/",
        ] + tenantScreens.map { "/office/{tenant}/\($0)" } + [
            "/office/{tenant}/news/{post}", "/office/{tenant}/events/{event}",
            "/office/{tenant}/events/{event}/registrations", "/office/{tenant}/orders/{order}",
            "/office/{tenant}/participants/{participant}",
            "/office/{tenant}/dialogs/{conversation}",
            "/office/{tenant}/dialogs/forum",
        ]
    }()

    static func serve(_ file: StaticFiles.File, _ request: HTTPRequest) -> HTTPResponse {
        StaticFiles.response(file, request, headers: securityHeaders)
    }
}
