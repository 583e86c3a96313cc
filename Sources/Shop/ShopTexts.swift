import Kernel

/// The shop area's interface text (badges, statuses, buttons) in English and Russian.
enum ShopTexts: String, InterfaceTexts {
    case starsPrice, soldOut, itemsLeft, addedToCart, removedFromCart, cartTitle, ordersTitle, orderNumber
    case checkoutTotal, orderPending, orderPaid, orderRefunded, orderCancelled, orderExpired, orderCreated, payInTelegram
    case removedHint

    static func status(_ status: OrderStatus) -> ShopTexts {
        switch status {
        case .pending: .orderPending
        case .paid: .orderPaid
        case .refunded: .orderRefunded
        case .cancelled: .orderCancelled
        case .expired: .orderExpired
        }
    }

    static let english: [ShopTexts: String] = [
        .starsPrice: "{n} ⭐",
        .soldOut: "Sold out",
        .itemsLeft: "{n} left",
        .addedToCart: "Added to your cart",
        .removedFromCart: "Removed from your cart",
        .cartTitle: "Your cart",
        .ordersTitle: "Your orders",
        .orderNumber: "Order #{n}",
        .checkoutTotal: "Checkout · {n} ⭐",
        .orderPending: "Awaiting payment",
        .orderPaid: "Paid",
        .orderRefunded: "Refunded",
        .orderCancelled: "Cancelled",
        .orderExpired: "Expired",
        .orderCreated: "Order #{n} created",
        .payInTelegram: "Open the app in Telegram to pay",
        .removedHint: "Tap to remove",
    ]

    static let russian: [ShopTexts: String] = [
        .starsPrice: "{n} ⭐",
        .soldOut: "Нет в наличии",
        .itemsLeft: "Осталось: {n}",
        .addedToCart: "Добавлено в корзину",
        .removedFromCart: "Удалено из корзины",
        .cartTitle: "Корзина",
        .ordersTitle: "Ваши заказы",
        .orderNumber: "Заказ №{n}",
        .checkoutTotal: "Оформить · {n} ⭐",
        .orderPending: "Ожидает оплаты",
        .orderPaid: "Оплачен",
        .orderRefunded: "Возвращён",
        .orderCancelled: "Отменён",
        .orderExpired: "Истёк",
        .orderCreated: "Заказ №{n} создан",
        .payInTelegram: "Откройте приложение в Telegram, чтобы оплатить",
        .removedHint: "Нажмите, чтобы убрать",
    ]
}
