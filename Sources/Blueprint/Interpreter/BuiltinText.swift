import Foundation

/// The interface text Tessera supplies itself (labels, empty states), in English and Russian;
/// other locales fall back to English. `{n}` and `{s}` are placeholders, `{n:one|other}` picks the
/// plural form for `n` (`PluralText`).
enum BuiltinText: String {
    case checkout, register, buyTicket, pastEvents, waitlistNote, paidTicketsNote, paidTicketsFromNote
    case noPosts, noPostsText, noEvents, noEventsText, noProducts, noProductsText, noQuests, noQuestsText
    case pricesInStars, starsBadge, energy, tap, tapNote, inviteFriends, referralNote
    case quests, stars, friends, streakBonus
    case questDailyCheckin, questOpenSection, questSubscribeChannel, questInviteFriends, questPurchases, rewardBadge
    case fieldName, fieldEmail, fieldPhone, fieldCompany, fieldComment

    private static let english: [BuiltinText: String] = [
        .checkout: "Checkout", .register: "Register", .buyTicket: "Buy a ticket", .pastEvents: "Past events",
        .waitlistNote: "When an event is full, you can join its waitlist.",
        .paidTicketsNote: "Tickets are paid in Telegram Stars.",
        .paidTicketsFromNote: "Tickets are paid in Telegram Stars, from {n} ⭐.",
        .noPosts: "No posts yet", .noPostsText: "New posts will appear here.",
        .noEvents: "No upcoming events", .noEventsText: "New events will appear here.",
        .noProducts: "The shop is empty", .noProductsText: "Products will appear here soon.",
        .noQuests: "Nothing to do yet", .noQuestsText: "Quests will appear here.",
        .pricesInStars: "Prices are in Telegram Stars.", .starsBadge: "{n} ⭐",
        .energy: "Energy", .tap: "Tap!", .tapNote: "Each tap earns {n} {s}.",
        .inviteFriends: "Invite friends", .referralNote: "Get {n} {s} for every friend who joins.",
        .quests: "Quests", .stars: "Stars", .friends: "friend|friends", .streakBonus: "+{n} for each day in a row",
        .questDailyCheckin: "Daily check-in", .questOpenSection: "Open “{s}”", .questSubscribeChannel: "Subscribe to {s}",
        .questInviteFriends: "Invite {n} {n:friend|friends}", .questPurchases: "Make {n} {n:purchase|purchases}", .rewardBadge: "+{n} {s}",
        .fieldName: "Name", .fieldEmail: "Email", .fieldPhone: "Phone", .fieldCompany: "Company", .fieldComment: "Comment",
    ]

    private static let russian: [BuiltinText: String] = [
        .checkout: "Оформить заказ", .register: "Записаться", .buyTicket: "Купить билет", .pastEvents: "Прошедшие события",
        .waitlistNote: "Если мест нет, можно записаться в лист ожидания.",
        .paidTicketsNote: "Билеты оплачиваются в Telegram Stars.",
        .paidTicketsFromNote: "Билеты оплачиваются в Telegram Stars, от {n} ⭐.",
        .noPosts: "Пока нет публикаций", .noPostsText: "Новые публикации появятся здесь.",
        .noEvents: "Нет предстоящих событий", .noEventsText: "Новые события появятся здесь.",
        .noProducts: "Магазин пока пуст", .noProductsText: "Скоро здесь появятся товары.",
        .noQuests: "Пока нет заданий", .noQuestsText: "Задания появятся здесь.",
        .pricesInStars: "Цены указаны в Telegram Stars.", .starsBadge: "{n} ⭐",
        .energy: "Энергия", .tap: "Жми!", .tapNote: "Каждое нажатие: {n} {s}.",
        .inviteFriends: "Пригласить друзей", .referralNote: "{n} {s} за каждого приглашённого друга.",
        .quests: "Задания", .stars: "Stars", .friends: "друг|друга|друзей", .streakBonus: "+{n} за каждый день подряд",
        .questDailyCheckin: "Ежедневный визит", .questOpenSection: "Откройте «{s}»", .questSubscribeChannel: "Подпишитесь на {s}",
        .questInviteFriends: "Пригласите {n} {n:друга|друзей|друзей}", .questPurchases: "Сделайте {n} {n:покупку|покупки|покупок}", .rewardBadge: "+{n} {s}",
        .fieldName: "Имя", .fieldEmail: "Эл. почта", .fieldPhone: "Телефон", .fieldCompany: "Компания", .fieldComment: "Комментарий",
    ]

    /// The text in `locale` (language prefix accepted), or English.
    func text(_ locale: String, n: Int? = nil, s: String? = nil) -> String {
        let table = locale == "ru" || locale.hasPrefix("ru-") ? Self.russian : Self.english
        var text = table[self] ?? Self.english[self] ?? rawValue
        if let n {
            text = PluralText.format(text, n: Int64(n), locale: locale)
            text = text.replacingOccurrences(of: "{n}", with: String(n))
        }
        if let s { text = text.replacingOccurrences(of: "{s}", with: s) }
        return text
    }
}
