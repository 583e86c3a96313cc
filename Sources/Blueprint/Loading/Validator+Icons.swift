extension Validator {
    /// An icon name of `IconSet` (an icon or an alias), with a did-you-mean for a near miss or for a
    /// name that holds an icon's name as one of its words (`lotus-flower` → `flower`).
    func icon(_ field: Field) -> String? {
        guard let name = token(field, .icon, subject: "icon") else { return nil }
        guard IconSet.icon(named: name) == nil else { return name }
        let words = name.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        let suggestion =
            Suggestion.closest(to: name, among: IconSet.names) ?? words.reversed().first { IconSet.icon(named: $0) != nil }
        report(
            field.pointer, "unknown icon \"\(name)\"", expected: "an icon of the set listed in docs/blueprints.md (\"Icons\")",
            suggestion: suggestion)
        return nil
    }
}

extension ObjectReader {
    func icon(_ key: String) -> String? {
        self[key].flatMap { validator.icon($0) }
    }
}
