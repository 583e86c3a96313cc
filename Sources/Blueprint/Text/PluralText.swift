/// Plural-aware text: a form list such as `bean|beans` (English `one|other`) or `зерно|зерна|зёрен`
/// (Russian `one|few|many`), and templates that embed one as `{n:seat|seats}`. Forms follow the
/// order of `PluralRules.categories(locale:)`; a text without `|` reads the same for every count.
/// `Web/plural.js` implements the same syntax for the mini app.
public enum PluralText {
    /// The form of `forms` for `n` in `locale`. A list of the wrong length (validation reports it
    /// in blueprints) falls back to its last form rather than to nothing.
    public static func pick(_ forms: String, n: Int64, locale: String) -> String {
        let list = forms.split(separator: "|", omittingEmptySubsequences: false)
        guard list.count > 1 else { return forms }
        let categories = PluralRules.categories(locale: locale)
        let index = categories.firstIndex(of: PluralRules.category(n, locale: locale)) ?? categories.count - 1
        return String(list[min(index, list.count - 1)])
    }

    /// `template` with each `{n:…|…}` replaced by the form for `n`; other placeholders are kept.
    public static func format(_ template: String, n: Int64, locale: String) -> String {
        guard template.contains("{n:") else { return template }
        var out = ""
        var rest = Substring(template)
        while let start = rest.range(of: "{n:") {
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
            out += rest[..<start.lowerBound]
            out += pick(String(rest[start.upperBound..<end]), n: n, locale: locale)
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    /// Why `forms` cannot be a form list for `locale`, or `nil` when it can (one form, or one per
    /// category the locale uses).
    public static func problem(inForms forms: String, locale: String) -> String? {
        let list = forms.split(separator: "|", omittingEmptySubsequences: false)
        guard list.count > 1 else { return nil }
        if list.contains(where: { $0.allSatisfy(\.isWhitespace) }) { return "a plural form is empty" }
        let categories = PluralRules.categories(locale: locale)
        guard list.count == categories.count else {
            let names = categories.map(\.rawValue).joined(separator: "|")
            return "\(list.count) plural forms for \"\(locale)\", which has \(categories.count) (\(names))"
        }
        return nil
    }

    /// The forms `categories(locale:)` expects, for messages (`one|few|many`).
    public static func expected(locale: String) -> String {
        PluralRules.categories(locale: locale).map(\.rawValue).joined(separator: "|")
    }
}
