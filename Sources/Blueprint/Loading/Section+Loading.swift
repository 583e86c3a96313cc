import Foundation
import TesseraJSON

extension Validator {
    func readSection(_ field: Field) -> Section? {
        // Peek at the type so a settings key written at section level can be pointed to its place.
        let rawType = field.value["type"]?.stringValue.flatMap(SectionType.init(rawValue:))
        let settingsKeys = rawType.map { BlueprintSchema.spec(BlueprintSchema.settingsKind(of: $0)).keys } ?? []
        guard let reader = object(field, kind: "section", misplaced: { settingsKeys.contains($0) ? "settings.\($0)" : nil }) else {
            return nil
        }
        let id = reader.token("id", .identifier, subject: "section id")
        let type = reader["type"].flatMap { choice($0, SectionType.self, subject: "section type") }
        let title = reader.localized("title")
        let icon = reader.icon("icon")
        let visibility = reader["visible_if"].flatMap(readVisibility) ?? Visibility()
        let intro = reader.localized("intro")
        let actions = reader["actions"].flatMap { field in
            array(field).map { $0.compactMap { readButton($0, in: id) } }
        } ?? []
        guard let type else { return nil }
        let settingsField = reader["settings"] ?? Field(value: .object(JSONObject()), pointer: field.pointer.appending("settings"))
        if reader["settings"] == nil {
            let spec = BlueprintSchema.spec(BlueprintSchema.settingsKind(of: type))
            if !spec.required.isEmpty {
                report(field.pointer, "missing required key \"settings\"", expected: "a \(type.rawValue) settings object with \(Self.list(spec.keys.filter(spec.required.contains)))")
                return nil
            }
        }
        let kind: SectionKind?
        switch type {
        case .news: kind = readNewsSettings(settingsField).map(SectionKind.news)
        case .events: kind = readEventsSettings(settingsField).map(SectionKind.events)
        case .shop: kind = readShopSettings(settingsField).map(SectionKind.shop)
        case .ratings: kind = readRatingsSettings(settingsField).map(SectionKind.ratings)
        case .gamefi: kind = readGameFiSettings(settingsField, sectionID: id).map(SectionKind.gamefi)
        }
        guard let id, let title, let kind else { return nil }
        return Section(id: id, title: title, icon: icon, visibility: visibility, intro: intro, actions: actions, kind: kind)
    }

    func readVisibility(_ field: Field) -> Visibility? {
        guard let reader = object(field, kind: "visible_if") else { return nil }
        var visibility = Visibility()
        visibility.tagsAny = reader["tags_any"].map { tokenList($0, .tag, subject: "tag") } ?? []
        visibility.tagsAll = reader["tags_all"].map { tokenList($0, .tag, subject: "tag") } ?? []
        visibility.tagsNone = reader["tags_none"].map { tokenList($0, .tag, subject: "tag") } ?? []
        for tag in visibility.tagsNone where visibility.tagsAll.contains(tag) || visibility.tagsAny.contains(tag) {
            report(field.pointer.appending("tags_none"), "tag \"\(tag)\" is both required and excluded, so nobody can see the section")
        }
        visibility.from = reader["from"].flatMap(date)
        visibility.until = reader["until"].flatMap(date)
        if let from = visibility.from, let until = visibility.until, until <= from, let untilField = reader["until"] {
            report(untilField.pointer, "\"until\" is not after \"from\"", expected: "an instant later than \(ISO8601.format(from))")
        }
        visibility.locales = reader["locales"].map { field in
            uniqueList(field, subject: "locale", key: { $0 }, describe: { "\"\($0)\"" }) { declaredLocale($0) }
        } ?? []
        return visibility
    }

    func readButton(_ field: Field, in sectionID: String?) -> SectionButton? {
        guard let reader = object(field, kind: "button") else { return nil }
        let text = reader.localized("text")
        let style = reader.choice("style", ButtonStyle.self, subject: "button style", default: .secondary)
        let kind = reader["kind"].flatMap { choice($0, ButtonTargetKind.self, subject: "button kind") }
        var target: ButtonTarget?
        switch kind {
        case .openSection:
            if let sectionField = reader["section"] {
                target = referenceSection(sectionField, from: sectionID).map(ButtonTarget.openSection)
            } else {
                report(field.pointer, "missing required key \"section\" for an open_section button")
            }
            rejectParameter("url", of: reader, kind: "an open_section button", allowed: "section")
        case .openLink:
            if let urlField = reader["url"] {
                target = url(urlField, allowTelegram: true).map(ButtonTarget.openLink)
            } else {
                report(field.pointer, "missing required key \"url\" for an open_link button")
            }
            rejectParameter("section", of: reader, kind: "an open_link button", allowed: "url")
        case nil:
            break
        }
        guard let text, let target else { return nil }
        return SectionButton(text: text, style: style, target: target)
    }

    /// Reports a member that the object's `kind` discriminator makes meaningless.
    func rejectParameter(_ key: String, of reader: ObjectReader, kind: String, allowed: String) {
        guard let field = reader[key] else { return }
        report(field.pointer, atKey: true, "\"\(key)\" does not apply to \(kind)", expected: allowed.isEmpty ? "no parameters" : "only \(allowed)")
    }

    /// A list of `{id, title}` categories with unique ids.
    func readCategories(_ field: Field) -> [SectionCategory] {
        uniqueList(field, subject: "category id", key: \.id, describe: { "\"\($0)\"" }) { element in
            guard let reader = object(element, kind: "category") else { return nil }
            let id = reader.token("id", .identifier, subject: "category id")
            let title = reader.localized("title")
            guard let id, let title else { return nil }
            return SectionCategory(id: id, title: title)
        }
    }
}
