import HTTP
import Kernel

/// Serves the mini-app front end at `/app/{tenant}/`.
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
            guard context.registry.tenant(slug) != nil else {
                return APIError.missingTenant(slug, context.registry).response
            }
            var response = HTTPResponse.text("", status: 308)
            response.headers.add(name: "Location", value: "/app/\(slug)/")
            return response
        }
        router.add(.GET, "/app/{tenant}/{file...}") { request, params in
            let slug = params["tenant"] ?? ""
            guard context.registry.tenant(slug) != nil else {
                return APIError.missingTenant(slug, context.registry).response
            }
            var name = params["file"] ?? ""
            if name.isEmpty { name = "index.html" }
            guard let file = context.web.files[name] else {
                return .error(status: 404, code: "not_found", message: "no file \"\(name)\"")
            }
            return StaticFiles.response(file, request, headers: securityHeaders)
        }
    }
}
