/// The small grammars blueprint identifiers follow, checked byte by byte (no regex engine).
enum TokenFormat {
    /// Section, category, product, board and quest ids: `^[a-z][a-z0-9-]{0,39}$`.
    case identifier
    /// Participant tags: `^[a-z0-9][a-z0-9_:-]{0,63}$`.
    case tag
    /// Icon names: `^[a-z0-9][a-z0-9_-]{0,39}$`.
    case icon
    /// Locale codes: `^[a-z]{2,3}(-[a-z0-9]{2,8})?$` (Telegram's `language_code`, lowercased).
    case locale
    /// Telegram channel usernames: `^@[A-Za-z][A-Za-z0-9_]{4,31}$`.
    case channel

    var expected: String {
        switch self {
        case .identifier: "lowercase letters, digits and '-', starting with a letter, at most 40 characters"
        case .tag: "lowercase letters, digits, '_', ':' and '-', at most 64 characters"
        case .icon: "lowercase letters, digits, '_' and '-', at most 40 characters"
        case .locale: "a lowercase language code like \"en\", \"ru\" or \"pt-br\""
        case .channel: "a channel username like \"@tessera_news\""
        }
    }

    func matches(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func lower(_ b: UInt8) -> Bool { b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
        func upper(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
        func digit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        func all(_ slice: ArraySlice<UInt8>, _ allowed: (UInt8) -> Bool) -> Bool { slice.allSatisfy(allowed) }
        switch self {
        case .identifier:
            guard (1...40).contains(bytes.count), lower(bytes[0]) else { return false }
            return all(bytes[1...]) { lower($0) || digit($0) || $0 == UInt8(ascii: "-") }
        case .tag:
            guard (1...64).contains(bytes.count), lower(bytes[0]) || digit(bytes[0]) else { return false }
            return all(bytes[1...]) { lower($0) || digit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-") }
        case .icon:
            guard (1...40).contains(bytes.count), lower(bytes[0]) || digit(bytes[0]) else { return false }
            return all(bytes[1...]) { lower($0) || digit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
        case .locale:
            let parts = bytes.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), (2...3).contains(parts[0].count), all(parts[0], lower) else { return false }
            return parts.count == 1 || ((2...8).contains(parts[1].count) && all(parts[1]) { lower($0) || digit($0) })
        case .channel:
            guard (6...33).contains(bytes.count), bytes[0] == UInt8(ascii: "@"), lower(bytes[1]) || upper(bytes[1]) else { return false }
            return all(bytes[2...]) { lower($0) || upper($0) || digit($0) || $0 == UInt8(ascii: "_") }
        }
    }
}
