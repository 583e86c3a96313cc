import HTTP
import Kernel

/// Serves the mini-app front end at `/app/{tenant}/`. What cannot be served is a page too
/// (`MiniAppErrorPage`): these URLs are opened by browsers and Telegram's web view, not by API clients.
enum WebRoutes {
    static let securityHeaders: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        (
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self' https://telegram.org; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; connect-src 'self'; object-src 'none'; base-uri 'none'"
        ),
    ]

    static func register(_ router: inout Router, _ context: AppContext) {
        router.add(.GET, "/app/{tenant}") { request, params in
            let slug = params["tenant"] ?? ""
            // Only a tenant's slug goes into Location: anything else is the 404 the page would be.
            guard context.registry.tenant(slug) != nil else { return missingTenantPage(slug, request, context) }
            var response = HTTPResponse.text("", status: 308)
            response.headers.add(name: "Location", value: "/app/\(slug)/")
            return response
        }
        router.add(.GET, "/app/{tenant}/{file...}") { request, params in
            let slug = params["tenant"] ?? ""
            guard context.registry.tenant(slug) != nil else { return missingTenantPage(slug, request, context) }
            var name = params["file"] ?? ""
            if name.isEmpty { name = "index.html" }
            guard let file = context.web.files[name] else { return MiniAppErrorPage.response(.notFound, request) }
            return StaticFiles.response(file, request, headers: securityHeaders)
        }
    }

    /// 404 for an unknown tenant, 503 for one that exists but failed to load (as the API answers).
    static func missingTenantPage(_ slug: String, _ request: HTTPRequest, _ context: AppContext) -> HTTPResponse {
        switch APIError.missingTenant(slug, context.registry) {
        case .tenantUnavailable: MiniAppErrorPage.response(.unavailable, request)
        default: MiniAppErrorPage.response(.notFound, request)
        }
    }
}
