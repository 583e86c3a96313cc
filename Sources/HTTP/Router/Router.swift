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
    /// A route's answer from memory, run on an event loop before the request would go to a
    /// worker (`HTTPServer`'s inline handler). It must never block — no database, no file, no
    /// wait on a lock held for long — and returns nil whenever the answer needs any of those, or
    /// is an error: the request then goes to `Handler`, which answers it in full. Only plain
    /// bodies (no stream, no deferred answer).
    public typealias InlineHandler = @Sendable (HTTPRequest, RouteParameters) -> HTTPResponse?

    // A class: a request looks at many routes, and a reference costs one retain where a struct of
    // arrays and a closure cost one per field.
    private final class Route: Sendable {
        let method: HTTPMethod
        let pattern: RoutePattern
        let specificity: [UInt8]
        let refusesNUL: Bool
        let handler: Handler
        let inline: InlineHandler?

        init(method: HTTPMethod, pattern: RoutePattern, refusesNUL: Bool, handler: @escaping Handler, inline: InlineHandler?) {
            self.method = method
            self.pattern = pattern
            self.specificity = pattern.specificity
            self.refusesNUL = refusesNUL
            self.handler = handler
            self.inline = inline
        }
    }

    private var table: [Route] = []
    /// The routes whose first segment is a literal, by it: a request only looks at those of its
    /// own first segment (and at `anyFirst`), not at every route of every area.
    private var byFirstSegment: [String: [Route]] = [:]
    /// The routes starting with a parameter or a catch-all.
    private var anyFirst: [Route] = []

    public init() {}

    /// Registers a handler. Traps on a malformed pattern or a duplicate (method, pattern): both are programming errors.
    /// `refusingNUL: false` hands requests holding NUL to the handler, which must mend them
    /// (`NULGuard.replacingNUL(inJSONBody:)`): for callers that retry whatever is refused.
    /// `inline` answers from memory when it can (`InlineHandler`, `respondInline(to:)`).
    public mutating func add(
        _ method: HTTPMethod, _ pattern: String, refusingNUL: Bool = true, inline: InlineHandler? = nil,
        _ handler: @escaping Handler
    ) {
        guard let compiled = RoutePattern(pattern) else {
            preconditionFailure("Malformed route pattern \(pattern)")
        }
        precondition(
            !table.contains { $0.method == method && $0.pattern.segments == compiled.segments },
            "Duplicate route \(method.rawValue) \(pattern)")
        let route = Route(method: method, pattern: compiled, refusesNUL: refusingNUL, handler: handler, inline: inline)
        table.append(route)
        if case .literal(let first)? = compiled.segments.first {
            byFirstSegment[first, default: []].append(route)
        } else {
            anyFirst.append(route)
        }
    }

    /// Registered routes in insertion order.
    public var routes: [(method: HTTPMethod, pattern: String)] {
        table.map { (method: $0.method, pattern: $0.pattern.text) }
    }

    /// Dispatches a request to the matching handler or answers 404/405.
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let segments = Self.segments(of: request.rawPath)
        let (route, allowed) = match(request.method, segments)
        if let route, let captures = route.pattern.match(segments) {
            if route.refusesNUL, let violation = NULGuard.check(request, captures: captures) {
                return .invalidText(field: violation.field, place: violation.place.rawValue)
            }
            return route.handler(request, RouteParameters(pairs: captures))
        }
        var methods = allowed
        if methods.isEmpty {
            return .error(status: 404, code: "not_found", message: "No route matches the request path")
        }
        if methods.contains(.GET) { methods.insert(.HEAD) }
        let allow = HTTPMethod.allCases.filter(methods.contains).map(\.rawValue).joined(separator: ", ")
        return .error(
            status: 405, code: "method_not_allowed",
            message: "Method \(request.method.rawValue) is not allowed here; allowed: \(allow)",
            headers: ["Allow": allow])
    }

    /// The matching route's answer from memory (`InlineHandler`), or nil: no such route, no
    /// inline handler, a refused NUL, or the handler needs a worker. Never blocks.
    public func respondInline(to request: HTTPRequest) -> HTTPResponse? {
        let segments = Self.segments(of: request.rawPath)
        guard let route = match(request.method, segments).route, let inline = route.inline,
            let captures = route.pattern.match(segments)
        else { return nil }
        if route.refusesNUL, NULGuard.check(request, captures: captures) != nil { return nil }
        return inline(request, RouteParameters(pairs: captures))
    }

    /// The most specific route for `method` (HEAD falls back to GET), and every method the path allows.
    private func match(_ method: HTTPMethod, _ segments: [String]) -> (route: Route?, allowed: Set<HTTPMethod>) {
        var best: Route?
        var fallback: Route?
        var allowed: Set<HTTPMethod> = []
        func consider(_ routes: [Route]) {
            for route in routes where route.pattern.accepts(segments) {
                allowed.insert(route.method)
                if route.method == method {
                    if best == nil || Self.isMoreSpecific(route.specificity, than: best!.specificity) { best = route }
                } else if method == .HEAD && route.method == .GET {
                    if fallback == nil || Self.isMoreSpecific(route.specificity, than: fallback!.specificity) {
                        fallback = route
                    }
                }
            }
        }
        if let first = segments.first, let routes = byFirstSegment[first] { consider(routes) }
        if !anyFirst.isEmpty { consider(anyFirst) }
        return (best ?? fallback, allowed)
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
