import Blueprint
import Foundation

/// Interface text an area supplies itself, in English and Russian; other locales get English.
/// `{n}` is a number placeholder and `{n:one|other}` its plural-aware word (`PluralText`). An area declares an enum of its texts with both tables.
public protocol InterfaceTexts: RawRepresentable, Hashable where RawValue == String {
    static var english: [Self: String] { get }
    static var russian: [Self: String] { get }
}

extension InterfaceTexts {
    /// The text for `locale` (`ru`, `ru-RU` → Russian), with `{n}` replaced by `n` and each
    /// `{n:…}` by the plural form for `n`.
    public func text(_ locale: String, n: Int64? = nil) -> String {
        let table = locale == "ru" || locale.hasPrefix("ru-") ? Self.russian : Self.english
        var text = table[self] ?? Self.english[self] ?? rawValue
        if let n {
            text = PluralText.format(text, n: n, locale: locale)
            text = text.replacingOccurrences(of: "{n}", with: String(n))
        }
        return text
    }
}
