import Kernel

/// The events area's interface text (badges, statuses, buttons) in English and Russian.
enum EventsTexts: String, InterfaceTexts {
    case registered, waitlisted, pendingPayment, full, fullWaitlist, seatsLeft, cancelRegistration, registeredMessage
    case waitlistedMessage, pendingPaymentMessage, cancelledMessage, openLink, registrationClosed, starsPrice, unlimited, payTicket
    case ticketFor, seatOfferPaid, seatOfferFree

    static let english: [EventsTexts: String] = [
        .registered: "You're in",
        .waitlisted: "Waitlist #{n}",
        .pendingPayment: "Awaiting payment",
        .full: "Full",
        .fullWaitlist: "Full · waitlist open",
        .seatsLeft: "{n} {n:seat|seats} left",
        .cancelRegistration: "Cancel registration",
        .registeredMessage: "You're registered. See you there!",
        .waitlistedMessage: "The event is full: you're #{n} on the waitlist. We'll move you up when a seat frees up.",
        .pendingPaymentMessage: "Your seat is held. Pay {n} ⭐ to confirm it.",
        .cancelledMessage: "Your registration is cancelled.",
        .openLink: "Open the link",
        .registrationClosed: "Registration is closed.",
        .starsPrice: "{n} ⭐",
        .unlimited: "Open seating",
        .payTicket: "Pay {n} ⭐",
        .ticketFor: "Ticket:",
        .seatOfferPaid: "A seat has freed up at “{event}” ({when}) and it's yours. We hold it for you for {hours} h: pay {n} ⭐ to confirm it.",
        .seatOfferFree: "A seat has freed up at “{event}” ({when}): you're registered. See you there!",
    ]

    static let russian: [EventsTexts: String] = [
        .registered: "Вы записаны",
        .waitlisted: "Лист ожидания #{n}",
        .pendingPayment: "Ожидает оплаты",
        .full: "Мест нет",
        .fullWaitlist: "Мест нет · лист ожидания",
        .seatsLeft: "Осталось {n} {n:место|места|мест}",
        .cancelRegistration: "Отменить запись",
        .registeredMessage: "Вы записаны. До встречи!",
        .waitlistedMessage: "Мест нет: вы #{n} в листе ожидания. Мы запишем вас, когда освободится место.",
        .pendingPaymentMessage: "Место за вами. Оплатите {n} ⭐, чтобы подтвердить.",
        .cancelledMessage: "Запись отменена.",
        .openLink: "Открыть ссылку",
        .registrationClosed: "Запись закрыта.",
        .starsPrice: "{n} ⭐",
        .unlimited: "Без ограничения мест",
        .payTicket: "Оплатить {n} ⭐",
        .ticketFor: "Билет:",
        .seatOfferPaid: "Освободилось место на «{event}» ({when}), и оно ваше. Мы держим его для вас {hours} ч: оплатите {n} ⭐, чтобы подтвердить.",
        .seatOfferFree: "Освободилось место на «{event}» ({when}): вы записаны. До встречи!",
    ]
}
