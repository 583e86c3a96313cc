import TesseraJSON

extension ScreenBuilder {
    /// The tap game (energy bar and tap button), quests as a card list and the referral offer; an
    /// empty state when none of them is on.
    mutating func addGameFi(_ settings: GameFiSettings) {
        let points = text(settings.pointsName)
        if settings.tap.enabled {
            add(Component.progress(label: builtin(.energy), value: settings.tap.energyMax, max: settings.tap.energyMax))
            add(Component.button(builtin(.tap), style: "primary", action: Action.api(section: section.id, "taps")))
            add(Component.text(builtin(.tapNote, n: settings.tap.pointsPerTap, s: counted(points, settings.tap.pointsPerTap)), style: "caption"))
        }
        let quests = settings.quests.compactMap { quest -> JSONValue? in
            let action: JSONValue
            var subtitle: String?
            switch quest.kind {
            case .openSection(let target):
                // A quest to open a section the participant cannot see could never be completed.
                guard canOpen(target) else { return nil }
                action = Action.openScreen(target)
            case .subscribeChannel(let channel):
                action = Action.openLink("https://t.me/\(channel.dropFirst())")
            case .dailyCheckin(let bonus):
                if bonus > 0 { subtitle = builtin(.streakBonus, n: bonus) }
                action = Action.api(section: section.id, "quests/\(quest.id)/claim")
            case .inviteFriends, .purchases:
                action = Action.api(section: section.id, "quests/\(quest.id)/claim")
            }
            return Component.item(
                id: quest.id, title: quest.title.map(text) ?? defaultTitle(quest.kind), subtitle: subtitle,
                badge: builtin(.rewardBadge, n: quest.reward, s: counted(points, quest.reward)), action: action)
        }
        if !quests.isEmpty {
            add(Component.header(builtin(.quests)))
            add(Component.cardList(id: "\(section.id)-quests", source: "gamefi.quests", layout: "list", items: quests, pageSize: quests.count))
        }
        if settings.referralReward > 0 {
            add(Component.text(builtin(.referralNote, n: settings.referralReward, s: counted(points, settings.referralReward))))
            add(Component.button(builtin(.inviteFriends), style: "secondary", action: Action.api(section: section.id, "referral")))
        }
        if !settings.tap.enabled && quests.isEmpty && settings.referralReward == 0 {
            add(Component.emptyState(title: builtin(.noQuests), text: builtin(.noQuestsText), icon: section.icon ?? "star"))
        }
    }

    /// The points name's form for `n` (`bean|beans` → "bean" for 1).
    private func counted(_ forms: String, _ n: Int) -> String {
        PluralText.pick(forms, n: Int64(n), locale: locale)
    }

    private func defaultTitle(_ kind: QuestKind) -> String {
        switch kind {
        case .dailyCheckin: builtin(.questDailyCheckin)
        case .openSection(let target):
            builtin(.questOpenSection, s: interpreter.blueprint.section(id: target).map { text($0.title) } ?? target)
        case .subscribeChannel(let channel): builtin(.questSubscribeChannel, s: channel)
        case .inviteFriends(let count): builtin(.questInviteFriends, n: count)
        case .purchases(let count): builtin(.questPurchases, n: count)
        }
    }
}
