import Kernel

/// What the tenant's bot answers to a `/start staff_<token>`, in the person's language.
enum TelegramLinkText: String, InterfaceTexts {
    case linked, alreadyLinked, linkUsed, linkExpired, linkInvalid, takenByOther, accountDisabled

    static let english: [TelegramLinkText: String] = [
        .linked: "Linked to the {title} back office as {name}. The bot can now send you sign-in links.",
        .alreadyLinked: "This Telegram account is already linked to your back-office account ({name}).",
        .linkUsed: "This link has already been used. Ask for a new one in the back office: profile → Link Telegram.",
        .linkExpired: "This link has expired (it works for 15 minutes). Ask for a new one in the back office.",
        .linkInvalid: "This link is not valid. Ask for a new one in the back office: profile → Link Telegram.",
        .takenByOther:
            "This Telegram account is already linked to another back-office account. Unlink it there first.",
        .accountDisabled: "This back-office account is disabled.",
    ]

    static let russian: [TelegramLinkText: String] = [
        .linked: "Telegram привязан к бэк-офису «{title}»: вы — {name}. Теперь бот сможет присылать ссылки для входа.",
        .alreadyLinked: "Этот Telegram уже привязан к вашей учётной записи бэк-офиса ({name}).",
        .linkUsed: "Эта ссылка уже использована. Получите новую в бэк-офисе: профиль → Привязать Telegram.",
        .linkExpired: "Срок действия ссылки истёк (она действует 15 минут). Получите новую в бэк-офисе.",
        .linkInvalid: "Ссылка недействительна. Получите новую в бэк-офисе: профиль → Привязать Telegram.",
        .takenByOther: "Этот Telegram уже привязан к другой учётной записи бэк-офиса. Сначала отвяжите его там.",
        .accountDisabled: "Эта учётная запись бэк-офиса отключена.",
    ]
}
