import TesseraJSON

/// Builds one section's screen: header and intro, the type-specific components, then the section's
/// buttons (those opening a section the participant cannot see are left out).
struct ScreenBuilder {
    let interpreter: BlueprintInterpreter
    let section: Section
    let context: ScreenContext
    let locale: String
    var components: [JSONValue] = []

    init(interpreter: BlueprintInterpreter, section: Section, context: ScreenContext, locale: String) {
        self.interpreter = interpreter
        self.section = section
        self.context = context
        self.locale = locale
    }

    var defaultLocale: String { interpreter.blueprint.app.defaultLocale }

    func text(_ localized: LocalizedText) -> String {
        localized.resolved(for: locale, defaultLocale: defaultLocale)
    }

    func builtin(_ key: BuiltinText, n: Int? = nil, s: String? = nil) -> String {
        key.text(locale, n: n, s: s)
    }

    func canOpen(_ sectionID: String) -> Bool {
        interpreter.isReachable(sectionID, locale: locale, context: context)
    }

    /// The section's categories as filter chips over the list at `/api/v1/{tenant}/sections/<id>/<list>`.
    func filters(_ categories: [SectionCategory], list: String) -> [CardFilter] {
        categories.map { category in
            CardFilter(
                id: category.id, title: text(category.title),
                path: "/api/v1/{tenant}/sections/\(section.id)/\(list)?category=\(category.id)")
        }
    }

    mutating func add(_ component: JSONValue) {
        components.append(component)
    }

    mutating func build() -> JSONValue {
        let title = text(section.title)
        add(Component.header(title))
        if let intro = section.intro { add(Component.text(text(intro))) }
        switch section.kind {
        case .news(let settings): addNews(settings)
        case .events(let settings): addEvents(settings)
        case .shop(let settings): addShop(settings)
        case .ratings(let settings): addRatings(settings)
        case .gamefi(let settings): addGameFi(settings)
        }
        for button in section.actions {
            switch button.target {
            case .openSection(let target):
                guard canOpen(target) else { continue }
                add(Component.button(text(button.text), style: button.style.rawValue, action: Action.openScreen(target)))
            case .openLink(let url):
                add(Component.button(text(button.text), style: button.style.rawValue, action: Action.openLink(url)))
            }
        }
        return [
            "screen": [
                "id": .string(section.id), "type": .string(section.type.rawValue), "title": .string(title),
                "components": .array(components),
            ]
        ]
    }
}
