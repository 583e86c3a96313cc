/// Maps method and path to a handler.
///
/// Unknown path → 404 `not_found`; known path but wrong method → 405 `method_not_allowed` with
/// `Allow`; HEAD falls back to the GET handler (the server drops the body). When several patterns
/// match, the most specific wins (literal segments before parameters before a catch-all). A NUL
/// character in a path or query parameter or in a JSON body answers 400 `invalid_text` before any
/// handler runs (`NULGuard`).
public struct Router: Sendable {
    /// A route handler: synchronous, runs on a worker thread, may block.
    public typealias Handler = @Sendable (HTTPRequest, RouteParameters) -> HTTPResponse

    private struct Route: Sendable {
        let method: HTTPMethod
        let pattern: RoutePattern
        let specificity: [UInt8]
        let refusesNUL: Bool
        let handler: Handler
    }

    private var table: [Route] = []

    public init() {}

    /// Registers a handler. Traps on a malformed pattern or a duplicate (method, pattern): both are programming errors.
    /// `refusingNUL: false` hands requests holding NUL to the handler, which must mend them
    /// (`NULGuard.replacingNUL(inJSONBody:)`): for callers that retry whatever is refused.
    public mutating func add(
        _ method: HTTPMethod, _ pattern: String, refusingNUL: Bool = true, _ handler: @escaping Handler
    ) {
        guard let compiled = RoutePattern(pattern) else {
            preconditionFailure("Malformed route pattern \(pattern)")
        }
        precondition(
            !table.contains { $0.method == method && $0.pattern.segments == compiled.segments },
            "Duplicate route \(method.rawValue) \(pattern)")
        table.append(
            Route(
                method: method, pattern: compiled, specificity: compiled.specificity, refusesNUL: refusingNUL,
                handler: handler))
    }

    /// Registered routes in insertion order.
    public var routes: [(method: HTTPMethod, pattern: String)] {
        table.map { (method: $0.method, pattern: $0.pattern.text) }
    }

    /// Dispatches a request to the matching handler or answers 404/405.
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let segments = Self.segments(of: request.rawPath)
        var best: (route: Route, captures: [(name: String, value: String)])?
        var fallback: (route: Route, captures: [(name: String, value: String)])?
        var allowed: Set<HTTPMethod> = []
        for route in table {
            guard let captures = route.pattern.match(segments) else { continue }
            allowed.insert(route.method)
            if route.method == request.method {
                if best == nil || Self.isMoreSpecific(route.specificity, than: best!.route.specificity) {
                    best = (route, captures)
                }
            } else if request.method == .HEAD && route.method == .GET {
                if fallback == nil || Self.isMoreSpecific(route.specificity, than: fallback!.route.specificity) {
                    fallback = (route, captures)
                }
            }
        }
        if let match = best ?? fallback {
            if match.route.refusesNUL, let violation = NULGuard.check(request, captures: match.captures) {
                return .invalidText(field: violation.field, place: violation.place.rawValue)
            }
            return match.route.handler(request, RouteParameters(pairs: match.captures))
        }
        if allowed.isEmpty {
            return .error(status: 404, code: "not_found", message: "No route matches the request path")
        }
        if allowed.contains(.GET) { allowed.insert(.HEAD) }
        let allow = HTTPMethod.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: ", ")
        return .error(
            status: 405, code: "method_not_allowed",
            message: "Method \(request.method.rawValue) is not allowed here; allowed: \(allow)",
            headers: ["Allow": allow])
    }

    private static func isMoreSpecific(_ a: [UInt8], than b: [UInt8]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x < y }
        return a.count > b.count
    }

    /// Splits the raw path on `/` and percent-decodes each segment (so `%2F` stays inside one segment).
    static func segments(of rawPath: Substring) -> [String] {
        rawPath.utf8.dropFirst().split(separator: 0x2F, omittingEmptySubsequences: false).map { part in
            PercentDecoding.decode(Substring(part))
        }
    }
}
