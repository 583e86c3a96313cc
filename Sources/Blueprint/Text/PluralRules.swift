/// CLDR plural categories (Unicode TR35, "Language Plural Rules").
public enum PluralCategory: String, Sendable, CaseIterable {
    case zero, one, two, few, many, other
}

/// CLDR cardinal plural rules for whole numbers, per language.
///
/// Only integers are counted in Tessera (seats, views, points), so each rule is the integer part of
/// CLDR's (`v = 0`); the categories CLDR keeps for fractions only (Russian `other`, Czech `many`)
/// are left out. The same table is written in `Web/plural.js`; both are checked against
/// `Tests/Fixtures/plural-cases.json`.
public enum PluralRules {
    /// A language's rule family; languages not listed count like English.
    enum Family: Sendable {
        /// `one` for 1 (English, German, Spanish, Italian, Dutch, Swedish…).
        case oneOther
        /// `one` for 0 and 1 (French, Portuguese as CLDR's `pt`).
        case zeroOneOther
        /// Russian, Ukrainian, Belarusian: 1, 21 → one; 2–4, 22–24 → few; 0, 5–20, 25 → many.
        case eastSlavic
        /// Polish: 1 → one; 2–4, 22–24 → few; everything else → many.
        case polish
        /// Czech, Slovak: 1 → one; 2–4 → few; everything else → other.
        case czech
        /// No plural forms (Japanese, Chinese, Korean, Indonesian, Vietnamese, Thai).
        case none
    }

    static let families: [String: Family] = [
        "en": .oneOther, "de": .oneOther, "es": .oneOther, "it": .oneOther, "nl": .oneOther, "sv": .oneOther,
        "da": .oneOther, "nb": .oneOther, "fi": .oneOther, "et": .oneOther, "el": .oneOther, "tr": .oneOther,
        "uz": .oneOther, "kk": .oneOther, "az": .oneOther, "hu": .oneOther, "bg": .oneOther, "ka": .oneOther,
        "fr": .zeroOneOther, "pt": .zeroOneOther, "hy": .zeroOneOther,
        "ru": .eastSlavic, "uk": .eastSlavic, "be": .eastSlavic,
        "pl": .polish, "cs": .czech, "sk": .czech,
        "ja": .none, "zh": .none, "ko": .none, "id": .none, "vi": .none, "th": .none, "ms": .none,
    ]

    /// The rule family of `locale` (`ru`, `ru-ru`, `pt-BR` → its language).
    static func family(_ locale: String) -> Family {
        let language = locale.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        return families[language] ?? .oneOther
    }

    /// The category of `n` in `locale`.
    public static func category(_ n: Int64, locale: String) -> PluralCategory {
        let i = n.magnitude
        let mod10 = i % 10
        let mod100 = i % 100
        switch family(locale) {
        case .oneOther: return i == 1 ? .one : .other
        case .zeroOneOther: return i <= 1 ? .one : .other
        case .eastSlavic:
            if mod10 == 1 && mod100 != 11 { return .one }
            if (2...4).contains(mod10) && !(12...14).contains(mod100) { return .few }
            return .many
        case .polish:
            if i == 1 { return .one }
            if (2...4).contains(mod10) && !(12...14).contains(mod100) { return .few }
            return .many
        case .czech:
            if i == 1 { return .one }
            return (2...4).contains(i) ? .few : .other
        case .none: return .other
        }
    }

    /// The categories whole numbers take in `locale`, in CLDR order: the order in which a
    /// plural-aware text lists its forms (`one|other` in English, `one|few|many` in Russian).
    public static func categories(locale: String) -> [PluralCategory] {
        switch family(locale) {
        case .oneOther, .zeroOneOther: [.one, .other]
        case .eastSlavic, .polish: [.one, .few, .many]
        case .czech: [.one, .few, .other]
        case .none: [.other]
        }
    }
}
