import TesseraJSON

extension Blueprint {
    /// The canonical form: pretty JSON (2-space indent, trailing newline) with keys in schema
    /// order, every default written out and dates in UTC. Loading it gives back an equal blueprint,
    /// and equal blueprints give byte-identical output, so it is what gets stored as a version.
    public func canonicalJSON() -> [UInt8] {
        var writer = JSONWriter(capacity: 4096)
        writer.writePretty(jsonValue)
        return writer.bytes + [UInt8(ascii: "\n")]
    }

    /// The blueprint as a JSON value in canonical form.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        if let schema { object["$schema"] = .string(schema) }
        object["version"] = .int(Int64(formatVersion))
        object["app"] = app.jsonValue
        object["navigation"] = navigation.jsonValue
        object["sections"] = .array(sections.map(\.jsonValue))
        if !contactFields.isEmpty { object["contact_fields"] = .array(contactFields.map(\.jsonValue)) }
        if let bot { object["bot"] = bot.jsonValue }
        return .object(object)
    }
}

extension AppInfo {
    var jsonValue: JSONValue {
        var object: JSONObject = ["name": name.json, "default_locale": .string(defaultLocale), "locales": .array(locales.map(JSONValue.string))]
        if let description { object["description"] = description.json }
        var theme: JSONObject = ["accent": .string(self.theme.accent.hex)]
        if let dark = self.theme.accentDark { theme["accent_dark"] = .string(dark.hex) }
        object["theme"] = .object(theme)
        return .object(object)
    }
}

extension Navigation {
    var jsonValue: JSONValue {
        let items = items.map { item -> JSONValue in
            var object: JSONObject = ["section": .string(item.section)]
            if let title = item.title { object["title"] = title.json }
            if let icon = item.icon { object["icon"] = .string(icon) }
            return .object(object)
        }
        return ["style": .string(style.rawValue), "items": .array(items)]
    }
}

extension Section {
    var jsonValue: JSONValue {
        var object: JSONObject = ["id": .string(id), "type": .string(type.rawValue), "title": title.json]
        if let icon { object["icon"] = .string(icon) }
        if !visibility.isUnconditional { object["visible_if"] = visibility.jsonValue }
        if let intro { object["intro"] = intro.json }
        if !actions.isEmpty { object["actions"] = .array(actions.map(\.jsonValue)) }
        object["settings"] = kind.settingsJSON
        return .object(object)
    }
}

extension Visibility {
    var jsonValue: JSONValue {
        var object = JSONObject()
        func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
        if !tagsAny.isEmpty { object["tags_any"] = strings(tagsAny) }
        if !tagsAll.isEmpty { object["tags_all"] = strings(tagsAll) }
        if !tagsNone.isEmpty { object["tags_none"] = strings(tagsNone) }
        if let from { object["from"] = .string(ISO8601.format(from)) }
        if let until { object["until"] = .string(ISO8601.format(until)) }
        if !locales.isEmpty { object["locales"] = strings(locales) }
        return .object(object)
    }
}

extension SectionButton {
    var jsonValue: JSONValue {
        var object: JSONObject = ["text": text.json, "style": .string(style.rawValue), "kind": .string(target.kind.rawValue)]
        switch target {
        case .openSection(let section): object["section"] = .string(section)
        case .openLink(let url): object["url"] = .string(url)
        }
        return .object(object)
    }
}

extension SectionCategory {
    var jsonValue: JSONValue { ["id": .string(id), "title": title.json] }
}

extension SectionKind {
    /// The `settings` object with every default written out.
    var settingsJSON: JSONValue {
        switch self {
        case .news(let settings): settings.jsonValue
        case .events(let settings): settings.jsonValue
        case .shop(let settings): settings.jsonValue
        case .ratings(let settings): settings.jsonValue
        case .gamefi(let settings): settings.jsonValue
        }
    }
}

extension NewsSettings {
    var jsonValue: JSONValue {
        [
            "page_size": .int(Int64(pageSize)), "categories": .array(categories.map(\.jsonValue)),
            "show_views": .bool(showViews), "layout": .string(layout.rawValue),
        ]
    }
}

extension EventsSettings {
    var jsonValue: JSONValue {
        var object: JSONObject = [
            "registration": [
                "enabled": .bool(registration.enabled),
                "requires_fields": .array(registration.requiresFields.map { .string($0.rawValue) }),
            ]
        ]
        if let capacityDefault { object["capacity_default"] = .int(Int64(capacityDefault)) }
        object["waitlist"] = .bool(waitlist)
        object["paid_tickets"] = .bool(paidTickets)
        if let ticketPriceDefault { object["ticket_price_default"] = .int(Int64(ticketPriceDefault)) }
        object["show_past"] = .bool(showPast)
        return .object(object)
    }
}

extension ShopSettings {
    var jsonValue: JSONValue {
        var object: JSONObject = [
            "currency": .string(currency), "categories": .array(categories.map(\.jsonValue)),
            "products": .array(products.map(\.jsonValue)), "layout": .string(layout.rawValue), "cart": .bool(cart),
        ]
        if let checkoutButton { object["checkout_button"] = checkoutButton.json }
        return .object(object)
    }
}

extension Product {
    var jsonValue: JSONValue {
        var object: JSONObject = ["id": .string(id), "title": title.json]
        if let description { object["description"] = description.json }
        object["price"] = .int(Int64(price))
        if let category { object["category"] = .string(category) }
        if let image { object["image"] = .string(image) }
        return .object(object)
    }
}

extension RatingsSettings {
    var jsonValue: JSONValue {
        let boards = boards.map { board -> JSONValue in
            [
                "id": .string(board.id), "title": board.title.json, "source": .string(board.source.rawValue),
                "periods": .array(board.periods.map { .string($0.rawValue) }),
            ]
        }
        return ["boards": .array(boards), "show_neighbours": .int(Int64(showNeighbours))]
    }
}

extension GameFiSettings {
    var jsonValue: JSONValue {
        let quests = quests.map { quest -> JSONValue in
            var object: JSONObject = ["id": .string(quest.id)]
            if let title = quest.title { object["title"] = title.json }
            object["kind"] = .string(quest.kind.name.rawValue)
            object["reward"] = .int(Int64(quest.reward))
            switch quest.kind {
            case .dailyCheckin(let bonus): object["streak_bonus"] = .int(Int64(bonus))
            case .openSection(let section): object["section"] = .string(section)
            case .subscribeChannel(let channel): object["channel"] = .string(channel)
            case .inviteFriends(let count), .purchases(let count): object["count"] = .int(Int64(count))
            }
            return .object(object)
        }
        let tap: JSONValue = [
            "enabled": .bool(self.tap.enabled), "energy_max": .int(Int64(self.tap.energyMax)),
            "energy_regen_per_minute": .int(Int64(self.tap.energyRegenPerMinute)),
            "max_taps_per_second": .int(Int64(self.tap.maxTapsPerSecond)), "points_per_tap": .int(Int64(self.tap.pointsPerTap)),
        ]
        return ["points_name": pointsName.json, "quests": .array(quests), "referral_reward": .int(Int64(referralReward)), "tap": tap]
    }
}
