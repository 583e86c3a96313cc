extension Validator {
    func readGameFiSettings(_ field: Field, sectionID: String?) -> GameFiSettings? {
        guard let reader = object(field, kind: "gamefi_settings") else { return nil }
        let pointsName = reader.localized("points_name")
        if let pointsName, let field = reader["points_name"] { checkPluralForms(field, pointsName) }
        let quests = reader["quests"].map { questsField in
            uniqueList(questsField, subject: "quest id", key: \.id, describe: { "\"\($0)\"" }) { readQuest($0, sectionID: sectionID) }
        } ?? []
        let referralReward = reader.int("referral_reward", 0...1_000_000, default: 0)
        var tap = TapSettings()
        if let tapField = reader["tap"], let tapReader = object(tapField, kind: "tap") {
            tap.enabled = tapReader.bool("enabled", default: false)
            tap.energyMax = tapReader.int("energy_max", 1...100_000, default: tap.energyMax)
            tap.energyRegenPerMinute = tapReader.int("energy_regen_per_minute", 1...10_000, default: tap.energyRegenPerMinute)
            tap.maxTapsPerSecond = tapReader.int("max_taps_per_second", 1...30, default: tap.maxTapsPerSecond)
            tap.pointsPerTap = tapReader.int("points_per_tap", 1...1_000, default: tap.pointsPerTap)
        }
        guard let pointsName else { return nil }
        return GameFiSettings(pointsName: pointsName, quests: quests, referralReward: referralReward, tap: tap)
    }

    func readQuest(_ field: Field, sectionID: String?) -> Quest? {
        guard let reader = object(field, kind: "quest") else { return nil }
        let id = reader.token("id", .identifier, subject: "quest id")
        let title = reader.localized("title")
        let reward = reader["reward"].flatMap { int($0, 1...1_000_000) }
        guard let kindField = reader["kind"], let name = choice(kindField, QuestKindName.self, subject: "quest kind") else { return nil }
        let allowed = BlueprintSchema.questParameters[name] ?? []
        for parameter in ["section", "channel", "count", "streak_bonus"] where !allowed.contains(parameter) {
            rejectParameter(parameter, of: reader, kind: "a \(name.rawValue) quest", allowed: Self.list(allowed))
        }
        func required(_ key: String) -> Field? {
            if let value = reader[key] { return value }
            report(field.pointer, "missing required key \"\(key)\" for a \(name.rawValue) quest")
            return nil
        }
        let kind: QuestKind?
        switch name {
        case .dailyCheckin:
            kind = .dailyCheckin(streakBonus: reader.int("streak_bonus", 0...1_000_000, default: 0))
        case .openSection:
            kind = required("section").flatMap { referenceSection($0, from: sectionID) }.map { .openSection(section: $0) }
        case .subscribeChannel:
            kind = required("channel").flatMap { token($0, .channel, subject: "channel") }.map { .subscribeChannel(channel: $0) }
        case .inviteFriends:
            kind = required("count").flatMap { int($0, 1...1_000) }.map { .inviteFriends(count: $0) }
        case .purchases:
            sectionTypeRequirements.append((kindField.pointer, .shop, "a purchases quest needs a shop section"))
            kind = required("count").flatMap { int($0, 1...1_000) }.map { .purchases(count: $0) }
        }
        guard let id, let reward, let kind else { return nil }
        return Quest(id: id, title: title, kind: kind, reward: reward)
    }
}
