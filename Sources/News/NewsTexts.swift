import Kernel

/// The news area's interface text (badges, statuses, buttons) in English and Russian.
enum NewsTexts: String, InterfaceTexts {
    case views, pinned

    static let english: [NewsTexts: String] = [
        .views: "{n} {n:view|views}",
        .pinned: "Pinned",
    ]

    static let russian: [NewsTexts: String] = [
        .views: "{n} {n:просмотр|просмотра|просмотров}",
        .pinned: "Закреплено",
    ]
}
