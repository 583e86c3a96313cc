/// A compiled OpenAPI-style path template: `/api/v1/{tenant}/screens/{section}`, with an optional
/// final `{rest...}` that matches the remainder of the path: at least one segment, possibly empty
/// (a trailing `/`), and may contain `/`.
struct RoutePattern: Sendable, CustomStringConvertible {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case catchAll(String)
    }

    let text: String
    let segments: [Segment]

    /// Parses a template; returns nil when it is malformed.
    init?(_ text: String) {
        guard text.utf8.first == 0x2F else { return nil }
        var segments: [Segment] = []
        let parts = text.utf8.dropFirst().split(separator: 0x2F, omittingEmptySubsequences: false)
        for (offset, part) in parts.enumerated() {
            let raw = String(decoding: part, as: UTF8.self)
            if part.first == 0x7B {
                guard part.last == 0x7D, part.count > 2 else { return nil }
                var name = String(raw.dropFirst().dropLast())
                if name.hasSuffix("...") {
                    name = String(name.dropLast(3))
                    guard offset == parts.count - 1 else { return nil }
                    guard Self.isValidName(name) else { return nil }
                    segments.append(.catchAll(name))
                } else {
                    guard Self.isValidName(name) else { return nil }
                    segments.append(.parameter(name))
                }
            } else {
                guard !part.contains(0x7B), !part.contains(0x7D) else { return nil }
                segments.append(.literal(raw))
            }
        }
        let names = segments.compactMap { segment -> String? in
            switch segment {
            case .literal: nil
            case .parameter(let n), .catchAll(let n): n
            }
        }
        guard Set(names).count == names.count else { return nil }
        self.text = text
        self.segments = segments
    }

    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ASCII.isTokenCharacter($0) && $0 != 0x2E }
    }

    var description: String { text }

    /// Per-segment rank used to prefer the most specific match: literal < parameter < catch-all.
    var specificity: [UInt8] {
        segments.map { segment in
            switch segment {
            case .literal: 0
            case .parameter: 1
            case .catchAll: 2
            }
        }
    }

    /// Whether `path` matches, without collecting the parameters (`match`).
    func accepts(_ path: [String]) -> Bool {
        var i = 0
        for segment in segments {
            switch segment {
            case .literal(let literal):
                guard i < path.count, path[i] == literal else { return false }
                i += 1
            case .parameter:
                guard i < path.count, !path[i].isEmpty else { return false }
                i += 1
            case .catchAll:
                return i < path.count
            }
        }
        return i == path.count
    }

    /// Matches decoded path segments; returns the captured parameters or nil.
    func match(_ path: [String]) -> [(name: String, value: String)]? {
        var captures: [(name: String, value: String)] = []
        var i = 0
        for segment in segments {
            switch segment {
            case .literal(let literal):
                guard i < path.count, path[i] == literal else { return nil }
                i += 1
            case .parameter(let name):
                guard i < path.count, !path[i].isEmpty else { return nil }
                captures.append((name, path[i]))
                i += 1
            case .catchAll(let name):
                // At least one segment, possibly empty: `/app/x/` matches `/app/{t}/{rest...}` with
                // rest = "", while `/app/x` does not (a shorter exact route or a redirect handles it).
                guard i < path.count else { return nil }
                captures.append((name, path[i...].joined(separator: "/")))
                i = path.count
            }
        }
        return i == path.count ? captures : nil
    }
}
