extension Validator {
    /// Checks a counted noun (`points_name`): each locale's text is one form, or the plural forms
    /// that locale uses (`bean|beans`, `зерно|зерна|зёрен`).
    func checkPluralForms(_ field: Field, _ text: LocalizedText) {
        let declared = locales.isEmpty ? [defaultLocale ?? "en"] : locales
        switch text {
        case .plain(let forms):
            for locale in declared {
                if let problem = PluralText.problem(inForms: forms, locale: locale) {
                    report(field.pointer, problem, expected: "one text, or forms \(PluralText.expected(locale: locale)) per locale")
                    return
                }
            }
        case .translations(let texts):
            for locale in texts.keys.sorted() {
                if let problem = PluralText.problem(inForms: texts[locale]!, locale: locale) {
                    report(field.pointer.appending(locale), problem, expected: "one text, or the forms \(PluralText.expected(locale: locale))")
                }
            }
        }
    }
}
