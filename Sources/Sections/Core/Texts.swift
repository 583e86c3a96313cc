import Foundation

/// Interface text the content areas supply themselves (badges, statuses, buttons), in English and
/// Russian; other locales get English. `{n}` is a number placeholder.
enum Texts: String {
    case views, registered, waitlisted, pendingPayment, full, fullWaitlist, seatsLeft, cancelRegistration
    case registeredMessage, waitlistedMessage, pendingPaymentMessage, cancelledMessage, openLink, pinned
    case registrationClosed, starsPrice, unlimited, payTicket, ticketFor, seatOfferPaid, seatOfferFree
    case soldOut, itemsLeft, addedToCart, removedFromCart, cartTitle, ordersTitle, orderNumber, checkoutTotal
    case orderPending, orderPaid, orderRefunded, orderCancelled, orderExpired, orderCreated, payInTelegram, removedHint

    static func status(_ status: OrderStatus) -> Texts {
        switch status {
        case .pending: .orderPending
        case .paid: .orderPaid
        case .refunded: .orderRefunded
        case .cancelled: .orderCancelled
        case .expired: .orderExpired
        }
    }

    private static let english: [Texts: String] = [
        .views: "{n} views", .registered: "You're in", .waitlisted: "Waitlist #{n}", .pendingPayment: "Awaiting payment",
        .full: "Full", .fullWaitlist: "Full · waitlist open", .seatsLeft: "{n} seats left",
        .cancelRegistration: "Cancel registration",
        .registeredMessage: "You're registered. See you there!",
        .waitlistedMessage: "The event is full: you're #{n} on the waitlist. We'll move you up when a seat frees up.",
        .pendingPaymentMessage: "Your seat is held. Pay {n} ⭐ to confirm it.",
        .payTicket: "Pay {n} ⭐", .ticketFor: "Ticket:",
        .seatOfferPaid: "A seat has freed up at “{event}” ({when}) and it's yours. We hold it for you for {hours} h: pay {n} ⭐ to confirm it.",
        .seatOfferFree: "A seat has freed up at “{event}” ({when}): you're registered. See you there!",
        .cancelledMessage: "Your registration is cancelled.", .openLink: "Open the link", .pinned: "Pinned",
        .registrationClosed: "Registration is closed.", .starsPrice: "{n} ⭐", .unlimited: "Open seating",
        .soldOut: "Sold out", .itemsLeft: "{n} left", .addedToCart: "Added to your cart", .removedFromCart: "Removed from your cart",
        .cartTitle: "Your cart", .ordersTitle: "Your orders", .orderNumber: "Order #{n}", .checkoutTotal: "Checkout · {n} ⭐",
        .orderPending: "Awaiting payment", .orderPaid: "Paid", .orderRefunded: "Refunded", .orderCancelled: "Cancelled",
        .orderExpired: "Expired", .orderCreated: "Order #{n} created", .payInTelegram: "Open the app in Telegram to pay", .removedHint: "Tap to remove",
    ]

    private static let russian: [Texts: String] = [
        .views: "Просмотров: {n}", .registered: "Вы записаны", .waitlisted: "Лист ожидания #{n}",
        .pendingPayment: "Ожидает оплаты", .full: "Мест нет", .fullWaitlist: "Мест нет · лист ожидания",
        .seatsLeft: "Осталось мест: {n}", .cancelRegistration: "Отменить запись",
        .registeredMessage: "Вы записаны. До встречи!",
        .waitlistedMessage: "Мест нет: вы #{n} в листе ожидания. Мы запишем вас, когда освободится место.",
        .pendingPaymentMessage: "Место за вами. Оплатите {n} ⭐, чтобы подтвердить.",
        .payTicket: "Оплатить {n} ⭐", .ticketFor: "Билет:",
        .seatOfferPaid: "Освободилось место на «{event}» ({when}), и оно ваше. Мы держим его для вас {hours} ч: оплатите {n} ⭐, чтобы подтвердить.",
        .seatOfferFree: "Освободилось место на «{event}» ({when}): вы записаны. До встречи!",
        .cancelledMessage: "Запись отменена.", .openLink: "Открыть ссылку", .pinned: "Закреплено",
        .registrationClosed: "Запись закрыта.", .starsPrice: "{n} ⭐", .unlimited: "Без ограничения мест",
        .soldOut: "Нет в наличии", .itemsLeft: "Осталось: {n}", .addedToCart: "Добавлено в корзину",
        .removedFromCart: "Удалено из корзины", .cartTitle: "Корзина", .ordersTitle: "Ваши заказы", .orderNumber: "Заказ №{n}",
        .checkoutTotal: "Оформить · {n} ⭐", .orderPending: "Ожидает оплаты", .orderPaid: "Оплачен", .orderRefunded: "Возвращён",
        .orderCancelled: "Отменён", .orderExpired: "Истёк", .orderCreated: "Заказ №{n} создан",
        .payInTelegram: "Откройте приложение в Telegram, чтобы оплатить", .removedHint: "Нажмите, чтобы убрать",
    ]

    func text(_ locale: String, n: Int64? = nil) -> String {
        let table = locale == "ru" || locale.hasPrefix("ru-") ? Self.russian : Self.english
        var text = table[self] ?? Self.english[self] ?? rawValue
        if let n { text = text.replacingOccurrences(of: "{n}", with: String(n)) }
        return text
    }
}
