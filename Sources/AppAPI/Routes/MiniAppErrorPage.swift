import Blueprint
import Foundation
import HTTP

/// The mini app's error screen rendered by the server, for the pages under `/app/` that cannot
/// load the app at all (an unknown tenant, one that failed to load, an unknown file): a browser
/// gets the same icon, title and text as the app's own error states, in the language its
/// `Accept-Language` prefers (Russian or English), instead of the API's JSON. `/api/` keeps JSON.
///
/// Nothing from the request goes into the page: it is fixed text per kind and language.
enum MiniAppErrorPage {
    enum Kind: Sendable, Equatable {
        /// 404: no such app, or no such page of it.
        case notFound
        /// 503: the app exists but cannot be served right now.
        case unavailable

        var status: Int { self == .notFound ? 404 : 503 }
    }

    /// The languages the page is written in; the first is the fallback.
    static let languages = ["en", "ru"]

    static func response(_ kind: Kind, _ request: HTTPRequest) -> HTTPResponse {
        let language = AcceptLanguage.preferred(request.headers["Accept-Language"], among: languages)
        var response = HTTPResponse.text(html(kind, language: language), status: kind.status, contentType: "text/html; charset=utf-8")
        response.headers.add(name: "Content-Language", value: language)
        response.headers.add(name: "Vary", value: "Accept-Language")
        response.headers.add(name: "Cache-Control", value: "no-store")
        for (name, value) in WebRoutes.securityHeaders { response.headers.add(name: name, value: value) }
        return response
    }

    struct Copy: Equatable {
        var title: String
        var text: String
        /// The page's `<title>`.
        var heading: String
    }

    /// The texts of the app's own states (`notFound*`, `error*` in Web/strings.js).
    static func copy(_ kind: Kind, language: String) -> Copy {
        switch (kind, language) {
        case (.notFound, "ru"):
            Copy(title: "Страница недоступна", text: "Возможно, её удалили или она вам пока не открыта.", heading: "Страница не найдена")
        case (.notFound, _):
            Copy(title: "This page isn't available", text: "It may have been removed or isn't open to you yet.", heading: "Page not found")
        case (.unavailable, "ru"):
            Copy(title: "Что-то пошло не так", text: "Попробуйте ещё раз чуть позже.", heading: "Приложение недоступно")
        case (.unavailable, _):
            Copy(title: "Something went wrong", text: "Please try again in a moment.", heading: "App unavailable")
        }
    }

    /// The icons of the app's states, the mini app's own `search` and `alert`.
    static func iconPath(_ kind: Kind) -> String {
        IconSet.path(named: kind == .notFound ? "search" : "alert") ?? ""
    }

    static func html(_ kind: Kind, language: String) -> String {
        let copy = copy(kind, language: language)
        let tone = kind == .notFound ? "not-found" : "error"
        return """
            <!doctype html>
            <html lang="\(language)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
            <meta name="color-scheme" content="light dark">
            <meta name="robots" content="noindex">
            <title>\(copy.heading)</title>
            <style>
            :root { --bg: #efeff4; --text: #000; --hint: #8e8e93; --accent: #2481cc; --destructive: #e53935; color-scheme: light; }
            @media (prefers-color-scheme: dark) { :root { --bg: #0e1621; --text: #f5f5f5; --hint: #7d8b99; --accent: #5eb5f7; color-scheme: dark; } }
            html, body { margin: 0; background: var(--bg); color: var(--text); }
            body { font: 16px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            .message { display: flex; flex-direction: column; align-items: center; text-align: center; padding: 18vh 24px 24px; }
            .message-visual { width: 88px; height: 88px; border-radius: 50%; display: grid; place-items: center; margin-bottom: 18px;
              background: color-mix(in srgb, var(--accent) 14%, transparent); color: var(--accent); }
            .message-error .message-visual { background: color-mix(in srgb, var(--destructive) 12%, transparent); color: var(--destructive); }
            .message-icon { width: 40px; height: 40px; fill: none; stroke: currentColor; stroke-width: 1.8; stroke-linecap: round; stroke-linejoin: round; }
            .message-title { margin: 0; font-size: 22px; font-weight: 700; letter-spacing: -.01em; }
            .message-text { margin: 8px 0 0; color: var(--hint); max-width: 26em; }
            </style>
            </head>
            <body data-state="error">
            <main class="message message-\(tone)" data-kind="\(tone)" data-status="\(kind.status)">
            <div class="message-visual"><svg class="message-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="\(iconPath(kind))"/></svg></div>
            <h1 class="message-title">\(copy.title)</h1>
            <p class="message-text">\(copy.text)</p>
            </main>
            </body>
            </html>

            """
    }
}

/// `Accept-Language` (RFC 9110 §12.5.4) reduced to a choice among the languages a page exists in.
enum AcceptLanguage {
    /// The supported language the header ranks highest (by q, then by order); primary subtags
    /// match (`ru-RU` is `ru`), `*` means the first supported one, `q=0` excludes. No header, or
    /// nothing acceptable: `supported[0]`.
    static func preferred(_ header: String?, among supported: [String]) -> String {
        guard let fallback = supported.first else { return "" }
        guard let header, !header.isEmpty else { return fallback }
        var best: (language: String, q: Double)?
        var excluded: Set<String> = []
        for entry in header.split(separator: ",") {
            let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let range = parts.first?.lowercased(), !range.isEmpty else { continue }
            var q = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                q = Double(parameter.dropFirst(2)).map { min(1, max(0, $0)) } ?? 0
            }
            let primary = String(range.split(separator: "-").first ?? "")
            let language = primary == "*" ? supported.first { !excluded.contains($0) } : supported.first { $0 == primary }
            guard let language else { continue }
            if q == 0 {
                excluded.insert(language)
                continue
            }
            if best == nil || q > best!.q { best = (language, q) }
        }
        guard let best, !excluded.contains(best.language) else { return fallback }
        return best.language
    }
}
