// Every text of the back office, in English and Russian. The locale follows the staff member's
// saved choice, then the one picked on the sign-in page, then the browser's languages.
import { screenTexts } from "./i18n-screens.js";

export const texts = {
  en: {
    "app.name": "Tessera Office",
    "app.loading": "Loading…",
    "nav.overview": "Overview", "nav.participants": "Participants", "nav.contacts": "Contacts", "nav.bans": "Ban list",
    "nav.dialogs": "Dialogs", "nav.news": "News", "nav.events": "Events", "nav.orders": "Orders", "nav.ratings": "Ratings",
    "nav.quests": "Quests", "nav.payments": "Payments", "nav.menu": "Menu", "nav.main": "Sections",
    "top.tenant": "Project", "top.language": "Язык: русский", "top.theme.dark": "Dark theme", "top.theme.light": "Light theme",
    "top.signOut": "Sign out", "top.signOutEverywhere": "Sign out everywhere", "top.skip": "Skip to content",
    "signin.title": "Sign in to Tessera Office", "signin.email": "Email", "signin.password": "Password", "signin.submit": "Sign in",
    "signin.telegram": "Sign in with Telegram", "signin.telegramHint": "Enter your email: the bot sends a one-time sign-in link to your linked Telegram account.",
    "signin.telegramSent": "If this email belongs to staff with a linked Telegram account, the bot has sent a sign-in link.",
    "signin.expired": "Your session has ended. Sign in again.", "signin.invalid": "Wrong email or password.",
    "signin.rateLimited": "Too many attempts. Try again in {seconds} s.", "signin.or": "or",
    "invite.title": "Join {title}", "invite.role": "You are invited as {role}.", "invite.name": "Your name",
    "invite.password": "Choose a password", "invite.passwordHint": "At least 10 characters.", "invite.submit": "Accept invitation",
    "invite.invalid": "This invitation link is not valid. Ask the project owner for a new one.",
    "invite.expired": "This invitation has expired. Ask the project owner for a new one.",
    "invite.used": "This invitation was already used. Sign in instead.",
    "invite.passwordRequired": "This email already has an account: enter its password to join.",
    "signin.disabled": "This account is disabled. Ask the project owner.", "nav.audit": "Audit log",
    "reset.title": "Set a new password", "reset.submit": "Save password and sign in",
    "telegram.title": "Signing you in…", "telegram.failed": "This sign-in link is not valid any more. Request a new one.",
    "tenants.title": "Your projects", "tenants.empty": "You are not staff of any project yet. Ask an owner to invite you.",
    "tenants.open": "Open", "role.owner": "owner", "role.manager": "manager", "role.support": "support", "role.analyst": "analyst",
    "error.forbiddenRole": "Your role ({role}) cannot do this.", "error.network": "The server cannot be reached. Check the connection and retry.",
    "error.generic": "Something went wrong: {message}", "error.notFound": "There is no such page.", "error.retry": "Retry",
    "error.noScreen": "This section is not available to your role in this project.",
    "common.save": "Save", "common.cancel": "Cancel", "common.delete": "Delete", "common.edit": "Edit", "common.create": "Create",
    "common.back": "Back", "common.loadMore": "Load more", "common.saved": "Saved", "common.deleted": "Deleted", "common.yes": "yes",
    "common.no": "no", "common.all": "All", "common.none": "—", "common.filter": "Filter", "common.sortBy": "Sort by {column}",
    "common.required": "Required", "common.stars": "{n} ★",
    "overview.title": "Overview", "overview.range.today": "Today", "overview.range.7d": "7 days", "overview.range.30d": "30 days",
    "overview.new": "New participants", "overview.inPeriod": "In this period", "overview.total": "{n} in total", "overview.active": "Active participants",
    "overview.activeHint": "DAU, WAU and MAU count who used the mini app or bot in the last 24 hours, 7 and 30 days; the chart shows mini-app visitors per day.",
    "overview.dau": "DAU", "overview.wau": "WAU", "overview.mau": "MAU", "overview.sources": "Where they came from",
    "overview.sourcesEmpty": "No one joined in this period. Share a link with a start parameter (t.me/yourbot/app?startapp=promo) to see sources here.",
    "overview.direct": "no start parameter", "overview.orders": "Orders and revenue", "overview.paidOrders": "Paid orders",
    "overview.paidTickets": "Paid tickets", "overview.revenue": "Revenue", "overview.refunded": "Refunded: {n} ★",
    "overview.revenueHidden": "Your role does not see revenue.", "overview.dialogs": "Dialogs", "overview.openDialogs": "Open dialogs",
    "overview.oldestWaiting": "Oldest waiting", "overview.nobodyWaiting": "Nobody is waiting", "overview.utc": "Days are UTC days, {from} – {to}.",
    "news.title": "News", "news.new": "New post", "news.empty": "No posts yet. Write the first one: it appears in the mini app's news feed.",
    "news.col.title": "Title", "news.col.section": "Section", "news.col.status": "Status", "news.col.publishAt": "Publish at",
    "news.col.views": "Views", "news.status.published": "published", "news.status.scheduled": "scheduled", "news.pinned": "Pinned",
    "news.body": "Text (HTML: b, i, a, p, ul, li)", "news.categories": "Categories (comma-separated)", "news.imageURL": "Image URL",
    "news.sectionHint": "The id of the blueprint's news section; needed when the app has several.", "news.publishHint": "Leave empty to publish now. Your local time.",
    "news.deleteTitle": "Delete this post?", "news.deleteText": "“{title}” disappears from the feed. This cannot be undone.",
    "news.edit": "Edit post",
    "events.title": "Events", "events.new": "New event", "events.empty": "No events here. Create one: participants register from the mini app.",
    "events.when.upcoming": "Upcoming", "events.when.past": "Past", "events.col.title": "Title", "events.col.startsAt": "Starts",
    "events.col.place": "Place", "events.col.seats": "Seats", "events.col.price": "Price", "events.startsAt": "Starts at",
    "events.endsAt": "Ends at", "events.place": "Place", "events.link": "Link", "events.capacity": "Capacity", "events.price": "Price in Stars",
    "events.description": "Description", "events.edit": "Edit event", "events.registrations": "Registrations", "events.free": "free",
    "events.registrationsEmpty": "No one has registered yet.", "events.col.participant": "Participant", "events.col.regStatus": "Status",
    "events.col.created": "Registered", "events.refund": "Refund ticket", "events.refundTitle": "Refund this ticket?",
    "events.refundText": "{name} gets {stars} ★ back and loses the seat.", "events.refunded": "Ticket refunded",
    "events.deleteTitle": "Delete this event?", "events.deleteText": "“{title}” and its registrations are removed. This cannot be undone.",
    "orders.title": "Orders", "orders.empty": "No orders with this status. Orders appear when participants buy in the shop.",
    "orders.col.id": "Order", "orders.col.status": "Status", "orders.col.total": "Total", "orders.col.created": "Created",
    "orders.col.items": "Items", "orders.status.pending": "pending", "orders.status.paid": "paid", "orders.status.refunded": "refunded",
    "orders.status.cancelled": "cancelled", "orders.status.expired": "expired", "orders.detail": "Order #{id}", "orders.ship": "Mark as shipped",
    "orders.shipped": "Shipped {at}", "orders.refund": "Refund", "orders.refundTitle": "Refund order #{id}?",
    "orders.refundText": "{total} ★ go back to the buyer through Telegram. This cannot be undone.", "orders.refundedToast": "Order refunded",
    "orders.shippedToast": "Order marked as shipped", "orders.participant": "Participant #{id}", "orders.paidAt": "Paid {at}",
    "payments.title": "Payments", "payments.empty": "No payments match this filter.", "payments.status.unmatched": "Unmatched",
    "payments.status.unhandled": "Unhandled", "payments.status.all": "All", "payments.col.id": "Payment", "payments.col.amount": "Amount",
    "payments.col.payload": "For", "payments.col.created": "Paid", "payments.col.state": "State", "payments.refunded": "refunded",
    "payments.matched": "matched", "payments.unmatched": "unmatched", "payments.refund": "Refund", "payments.refundTitle": "Refund payment #{id}?",
    "payments.refundText": "{amount} ★ go back to the payer. This cannot be undone.", "payments.refundedToast": "Payment refunded",
    "quests.title": "Quests", "quests.empty": "The blueprint defines no quests. Add them to a gamefi section of the blueprint.",
    "quests.col.quest": "Quest", "quests.col.status": "Status", "quests.col.reward": "Reward", "quests.col.claims": "Claims",
    "quests.col.week": "Last 7 days", "quests.col.points": "Points awarded", "quests.active": "active", "quests.paused": "paused",
    "quests.pause": "Pause", "quests.resume": "Resume", "quests.rewardLabel": "Reward for {quest}", "quests.overridden": "blueprint: {n}",
    "ratings.title": "Ratings", "ratings.none": "The blueprint has no leaderboards. Add a ratings section to show one in the mini app.",
    "ratings.empty": "Nobody has points in this period yet. Points come from quests and staff awards.", "ratings.col.rank": "Place",
    "ratings.col.name": "Participant", "ratings.col.points": "Points", "ratings.period.week": "This week", "ratings.period.month": "This month",
    "ratings.period.all_time": "All time",
    "people.search": "Name, @username or Telegram id", "people.tag": "Tag", "people.sort": "Order", "people.find": "Find",
    "people.sort.-last_seen": "Recently active first", "people.sort.last_seen": "Least recently active first",
    "people.sort.-first_seen": "Newest first", "people.sort.first_seen": "Oldest first", "people.sort.name": "By name",
    "people.empty": "Nobody matches. Change the search or the filters; people appear once they open the mini app or write to the bot.",
    "people.col.name": "Participant", "people.col.tags": "Tags", "people.col.source": "Source", "people.col.reachable": "Bot can write",
    "people.col.firstSeen": "First seen", "people.col.lastSeen": "Last active", "people.blocked": "blocked the bot",
    "people.reachable.true": "Reachable", "people.reachable.false": "Blocked the bot", "people.hasPaid": "Payments",
    "people.has_paid.true": "Paid", "people.has_paid.false": "Never paid",
    "people.tl.navigation": "Opened {screen} {target}", "people.tl.registration": "Registration for “{title}”: {status}",
    "people.tl.order": "Order #{id}: {status}, {total} ★", "people.tl.payment": "Paid {amount} {currency}",
    "people.tl.points": "{amount} points: {reason}", "people.tl.messageIn": "Wrote: {text}", "people.tl.messageOut": "Bot wrote: {text}",
    "people.removeTag": "Remove tag {tag}", "people.tagRemoved": "Tag removed", "people.noTags": "No tags yet.",
    "people.tagInvalid": "A tag is lower-case Latin letters, digits, _ : - (up to 64, starting with a letter or digit).",
    "people.tagAdded": "Tag added", "people.addTag": "Add tag", "people.ban": "Ban",
    "people.bannedUntil": "Banned since {since} until {until}. Reason: {reason}", "people.bannedForever": "Banned since {since} until lifted. Reason: {reason}",
    "people.unbanTitle": "Lift the ban?", "people.unbanText": "{name} can use the mini app and the bot again.", "people.unban": "Unban",
    "people.unbanned": "Ban lifted", "people.reasonRequired": "Write why: the reason is required.",
    "people.banTitle": "Ban this participant?", "people.banText": "{name} loses access to the mini app and the bot until the ban is lifted. Reason: {reason}",
    "people.banAction": "Ban", "people.banned": "Participant banned", "people.reason": "Reason",
    "people.reasonHint": "Only staff see it, never the participant.", "people.notes": "Staff notes", "people.noteAdded": "Note added",
    "people.addNote": "Add note", "people.noNotes": "No notes yet.", "people.telegramId": "Telegram id", "people.language": "Language",
    "people.referrer": "Invited by", "people.counts.orders": "Paid / all orders", "people.counts.stars": "Paid in total",
    "people.counts.registrations": "Registrations", "people.counts.messages": "Messages", "people.counts.points": "Points",
    "people.timeline": "Timeline", "people.timelineEmpty": "Nothing happened yet.", "people.col.at": "When", "people.col.type": "What",
    "people.col.what": "Details", "people.type.navigation": "screen", "people.type.registration": "registration", "people.type.order": "order",
    "people.type.payment": "payment", "people.type.points": "points", "people.type.message": "message",
    "bans.empty": "Nobody is banned. Ban a participant from their profile.", "bans.col.since": "Banned since", "bans.col.until": "Until",
    "bans.forever": "until lifted",
    "slot.soon": "This screen is being built. Its data will appear here once the {area} API is released.",
  },
  ru: {
    "app.name": "Tessera Office",
    "app.loading": "Загрузка…",
    "nav.overview": "Обзор", "nav.participants": "Участники", "nav.contacts": "Контакты", "nav.bans": "Бан-лист",
    "nav.dialogs": "Диалоги", "nav.news": "Новости", "nav.events": "События", "nav.orders": "Заказы", "nav.ratings": "Рейтинги",
    "nav.quests": "Задания", "nav.payments": "Платежи", "nav.menu": "Меню", "nav.main": "Разделы",
    "top.tenant": "Проект", "top.language": "Language: English", "top.theme.dark": "Тёмная тема", "top.theme.light": "Светлая тема",
    "top.signOut": "Выйти", "top.signOutEverywhere": "Выйти на всех устройствах", "top.skip": "К содержимому",
    "signin.title": "Вход в Tessera Office", "signin.email": "Эл. почта", "signin.password": "Пароль", "signin.submit": "Войти",
    "signin.telegram": "Войти через Telegram", "signin.telegramHint": "Введите почту: бот пришлёт одноразовую ссылку для входа в привязанный Telegram.",
    "signin.telegramSent": "Если эта почта принадлежит сотруднику с привязанным Telegram, бот отправил ссылку для входа.",
    "signin.expired": "Сеанс завершён. Войдите снова.", "signin.invalid": "Неверная почта или пароль.",
    "signin.rateLimited": "Слишком много попыток. Повторите через {seconds} с.", "signin.or": "или",
    "invite.title": "Присоединиться к «{title}»", "invite.role": "Вас приглашают с ролью «{role}».", "invite.name": "Ваше имя",
    "invite.password": "Придумайте пароль", "invite.passwordHint": "Не короче 10 символов.", "invite.submit": "Принять приглашение",
    "invite.invalid": "Ссылка-приглашение недействительна. Попросите владельца проекта прислать новую.",
    "invite.expired": "Срок приглашения истёк. Попросите владельца проекта прислать новое.",
    "invite.used": "Это приглашение уже использовано. Просто войдите.",
    "invite.passwordRequired": "С этой почтой уже есть учётная запись: введите её пароль, чтобы присоединиться.",
    "signin.disabled": "Учётная запись отключена. Обратитесь к владельцу проекта.", "nav.audit": "Журнал действий",
    "reset.title": "Новый пароль", "reset.submit": "Сохранить пароль и войти",
    "telegram.title": "Выполняем вход…", "telegram.failed": "Ссылка для входа больше не действует. Запросите новую.",
    "tenants.title": "Ваши проекты", "tenants.empty": "Вы пока не сотрудник ни одного проекта. Попросите владельца пригласить вас.",
    "tenants.open": "Открыть", "role.owner": "владелец", "role.manager": "менеджер", "role.support": "поддержка", "role.analyst": "аналитик",
    "error.forbiddenRole": "Ваша роль ({role}) не позволяет это сделать.", "error.network": "Сервер недоступен. Проверьте соединение и повторите.",
    "error.generic": "Что-то пошло не так: {message}", "error.notFound": "Такой страницы нет.", "error.retry": "Повторить",
    "error.noScreen": "Этот раздел недоступен вашей роли в этом проекте.",
    "common.save": "Сохранить", "common.cancel": "Отмена", "common.delete": "Удалить", "common.edit": "Изменить", "common.create": "Создать",
    "common.back": "Назад", "common.loadMore": "Показать ещё", "common.saved": "Сохранено", "common.deleted": "Удалено", "common.yes": "да",
    "common.no": "нет", "common.all": "Все", "common.none": "—", "common.filter": "Фильтр", "common.sortBy": "Сортировать по полю «{column}»",
    "common.required": "Обязательно", "common.stars": "{n} ★",
    "overview.title": "Обзор", "overview.range.today": "Сегодня", "overview.range.7d": "7 дней", "overview.range.30d": "30 дней",
    "overview.new": "Новые участники", "overview.inPeriod": "За период", "overview.total": "всего {n}", "overview.active": "Активные участники",
    "overview.activeHint": "DAU, WAU и MAU — кто пользовался мини-приложением или ботом за последние 24 часа, 7 и 30 дней; график — посетители мини-приложения по дням.",
    "overview.dau": "DAU", "overview.wau": "WAU", "overview.mau": "MAU", "overview.sources": "Откуда пришли",
    "overview.sourcesEmpty": "За период никто не пришёл. Поделитесь ссылкой с параметром запуска (t.me/yourbot/app?startapp=promo), и источники появятся здесь.",
    "overview.direct": "без параметра запуска", "overview.orders": "Заказы и выручка", "overview.paidOrders": "Оплаченные заказы",
    "overview.paidTickets": "Оплаченные билеты", "overview.revenue": "Выручка", "overview.refunded": "Возвращено: {n} ★",
    "overview.revenueHidden": "Вашей роли выручка не видна.", "overview.dialogs": "Диалоги", "overview.openDialogs": "Открытые диалоги",
    "overview.oldestWaiting": "Дольше всех ждёт", "overview.nobodyWaiting": "Никто не ждёт", "overview.utc": "Дни по UTC, {from} – {to}.",
    "news.title": "Новости", "news.new": "Новая запись", "news.empty": "Записей пока нет. Напишите первую — она появится в ленте мини-приложения.",
    "news.col.title": "Заголовок", "news.col.section": "Раздел", "news.col.status": "Статус", "news.col.publishAt": "Публикация",
    "news.col.views": "Просмотры", "news.status.published": "опубликована", "news.status.scheduled": "запланирована", "news.pinned": "Закреплена",
    "news.body": "Текст (HTML: b, i, a, p, ul, li)", "news.categories": "Категории (через запятую)", "news.imageURL": "Адрес картинки",
    "news.sectionHint": "Id раздела новостей из блюпринта; нужен, если таких разделов несколько.", "news.publishHint": "Пусто — опубликовать сразу. Ваше местное время.",
    "news.deleteTitle": "Удалить запись?", "news.deleteText": "«{title}» исчезнет из ленты. Это нельзя отменить.",
    "news.edit": "Редактирование записи",
    "events.title": "События", "events.new": "Новое событие", "events.empty": "Событий нет. Создайте событие — участники запишутся из мини-приложения.",
    "events.when.upcoming": "Предстоящие", "events.when.past": "Прошедшие", "events.col.title": "Название", "events.col.startsAt": "Начало",
    "events.col.place": "Место", "events.col.seats": "Места", "events.col.price": "Цена", "events.startsAt": "Начало",
    "events.endsAt": "Окончание", "events.place": "Место", "events.link": "Ссылка", "events.capacity": "Вместимость", "events.price": "Цена в звёздах",
    "events.description": "Описание", "events.edit": "Редактирование события", "events.registrations": "Регистрации", "events.free": "бесплатно",
    "events.registrationsEmpty": "Пока никто не записался.", "events.col.participant": "Участник", "events.col.regStatus": "Статус",
    "events.col.created": "Записался", "events.refund": "Вернуть билет", "events.refundTitle": "Вернуть деньги за билет?",
    "events.refundText": "{name} получит обратно {stars} ★ и потеряет место.", "events.refunded": "Деньги за билет возвращены",
    "events.deleteTitle": "Удалить событие?", "events.deleteText": "«{title}» и регистрации на него будут удалены. Это нельзя отменить.",
    "orders.title": "Заказы", "orders.empty": "Заказов с таким статусом нет. Заказы появляются, когда участники покупают в магазине.",
    "orders.col.id": "Заказ", "orders.col.status": "Статус", "orders.col.total": "Сумма", "orders.col.created": "Создан",
    "orders.col.items": "Позиции", "orders.status.pending": "ожидает оплаты", "orders.status.paid": "оплачен", "orders.status.refunded": "возвращён",
    "orders.status.cancelled": "отменён", "orders.status.expired": "истёк", "orders.detail": "Заказ №{id}", "orders.ship": "Отметить отправленным",
    "orders.shipped": "Отправлен {at}", "orders.refund": "Вернуть деньги", "orders.refundTitle": "Вернуть деньги за заказ №{id}?",
    "orders.refundText": "{total} ★ вернутся покупателю через Telegram. Это нельзя отменить.", "orders.refundedToast": "Деньги за заказ возвращены",
    "orders.shippedToast": "Заказ отмечен отправленным", "orders.participant": "Участник №{id}", "orders.paidAt": "Оплачен {at}",
    "payments.title": "Платежи", "payments.empty": "Нет платежей под этот фильтр.", "payments.status.unmatched": "Без привязки",
    "payments.status.unhandled": "Не обработаны", "payments.status.all": "Все", "payments.col.id": "Платёж", "payments.col.amount": "Сумма",
    "payments.col.payload": "За что", "payments.col.created": "Оплачен", "payments.col.state": "Состояние", "payments.refunded": "возвращён",
    "payments.matched": "привязан", "payments.unmatched": "без привязки", "payments.refund": "Вернуть", "payments.refundTitle": "Вернуть платёж №{id}?",
    "payments.refundText": "{amount} ★ вернутся плательщику. Это нельзя отменить.", "payments.refundedToast": "Платёж возвращён",
    "quests.title": "Задания", "quests.empty": "В блюпринте нет заданий. Добавьте их в раздел gamefi блюпринта.",
    "quests.col.quest": "Задание", "quests.col.status": "Статус", "quests.col.reward": "Награда", "quests.col.claims": "Выполнено",
    "quests.col.week": "За 7 дней", "quests.col.points": "Начислено очков", "quests.active": "активно", "quests.paused": "на паузе",
    "quests.pause": "Пауза", "quests.resume": "Возобновить", "quests.rewardLabel": "Награда за «{quest}»", "quests.overridden": "в блюпринте: {n}",
    "ratings.title": "Рейтинги", "ratings.none": "В блюпринте нет таблиц лидеров. Добавьте раздел ratings, чтобы показать её в мини-приложении.",
    "ratings.empty": "За этот период ни у кого пока нет очков. Очки дают задания и начисления сотрудников.", "ratings.col.rank": "Место",
    "ratings.col.name": "Участник", "ratings.col.points": "Очки", "ratings.period.week": "Эта неделя", "ratings.period.month": "Этот месяц",
    "ratings.period.all_time": "За всё время",
    "people.search": "Имя, @username или Telegram id", "people.tag": "Тег", "people.sort": "Порядок", "people.find": "Найти",
    "people.sort.-last_seen": "Сначала недавно активные", "people.sort.last_seen": "Сначала давно активные",
    "people.sort.-first_seen": "Сначала новые", "people.sort.first_seen": "Сначала старые", "people.sort.name": "По имени",
    "people.empty": "Никого не найдено. Измените поиск или фильтры; люди появляются, когда открывают мини-приложение или пишут боту.",
    "people.col.name": "Участник", "people.col.tags": "Теги", "people.col.source": "Источник", "people.col.reachable": "Бот может писать",
    "people.col.firstSeen": "Первый визит", "people.col.lastSeen": "Последняя активность", "people.blocked": "заблокировал бота",
    "people.reachable.true": "Доступны", "people.reachable.false": "Заблокировали бота", "people.hasPaid": "Оплаты",
    "people.has_paid.true": "Платили", "people.has_paid.false": "Не платили",
    "people.tl.navigation": "Открыл {screen} {target}", "people.tl.registration": "Регистрация на «{title}»: {status}",
    "people.tl.order": "Заказ №{id}: {status}, {total} ★", "people.tl.payment": "Оплатил {amount} {currency}",
    "people.tl.points": "{amount} очков: {reason}", "people.tl.messageIn": "Написал: {text}", "people.tl.messageOut": "Бот написал: {text}",
    "people.removeTag": "Убрать тег {tag}", "people.tagRemoved": "Тег убран", "people.noTags": "Тегов пока нет.",
    "people.tagInvalid": "Тег — строчные латинские буквы, цифры, _ : - (до 64, начинается с буквы или цифры).",
    "people.tagAdded": "Тег добавлен", "people.addTag": "Добавить тег", "people.ban": "Бан",
    "people.bannedUntil": "Забанен с {since} до {until}. Причина: {reason}", "people.bannedForever": "Забанен с {since} до снятия бана. Причина: {reason}",
    "people.unbanTitle": "Снять бан?", "people.unbanText": "{name} снова сможет пользоваться мини-приложением и ботом.", "people.unban": "Разбанить",
    "people.unbanned": "Бан снят", "people.reasonRequired": "Напишите причину: она обязательна.",
    "people.banTitle": "Забанить участника?", "people.banText": "{name} потеряет доступ к мини-приложению и боту, пока бан не снимут. Причина: {reason}",
    "people.banAction": "Забанить", "people.banned": "Участник забанен", "people.reason": "Причина",
    "people.reasonHint": "Её видят только сотрудники, участник — никогда.", "people.notes": "Заметки сотрудников", "people.noteAdded": "Заметка добавлена",
    "people.addNote": "Добавить заметку", "people.noNotes": "Заметок пока нет.", "people.telegramId": "Telegram id", "people.language": "Язык",
    "people.referrer": "Пригласил", "people.counts.orders": "Оплачено / всего заказов", "people.counts.stars": "Оплачено всего",
    "people.counts.registrations": "Регистрации", "people.counts.messages": "Сообщения", "people.counts.points": "Очки",
    "people.timeline": "Хронология", "people.timelineEmpty": "Пока ничего не происходило.", "people.col.at": "Когда", "people.col.type": "Что",
    "people.col.what": "Подробности", "people.type.navigation": "экран", "people.type.registration": "регистрация", "people.type.order": "заказ",
    "people.type.payment": "оплата", "people.type.points": "очки", "people.type.message": "сообщение",
    "bans.empty": "Никто не забанен. Забанить участника можно в его профиле.", "bans.col.since": "Забанен с", "bans.col.until": "До",
    "bans.forever": "до снятия",
    "slot.soon": "Этот раздел в разработке. Данные появятся здесь, когда выйдет API раздела «{area}».",
  },
};

for (const locale of Object.keys(texts)) Object.assign(texts[locale], screenTexts[locale]);

let current = "en";

/** Picks the locale: the staff member's saved one, then the sign-in page's choice, then the browser's. */
export function chooseLocale(saved) {
  const candidates = [saved, localStorage.getItem("office.locale"), ...(navigator.languages || [navigator.language])];
  for (const c of candidates) {
    const base = (c || "").toLowerCase().split("-")[0];
    if (base in texts) return base;
  }
  return "en";
}

export function setLocale(locale) {
  current = locale in texts ? locale : "en";
  document.documentElement.lang = current;
}

export function locale() { return current; }

/** The text for `key` with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = texts[current][key] ?? texts.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : "{" + name + "}"));
}

/** An instant as the staff member reads it, in their locale and time zone. */
export function dateTime(iso) {
  if (!iso) return t("common.none");
  return new Intl.DateTimeFormat(current, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function number(n) { return new Intl.NumberFormat(current).format(n); }

/** A duration in seconds as "3 h 5 min" in the locale. */
export function duration(seconds) {
  const units = [["day", 86400], ["hour", 3600], ["minute", 60]];
  for (const [unit, size] of units) {
    if (seconds >= size) return new Intl.NumberFormat(current, { style: "unit", unit, unitDisplay: "short" }).format(Math.floor(seconds / size));
  }
  return new Intl.NumberFormat(current, { style: "unit", unit: "second", unitDisplay: "short" }).format(seconds);
}
