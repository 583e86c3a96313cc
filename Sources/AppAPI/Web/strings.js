/*
 * Tessera mini app: the shell's own texts (tenant texts come localised from the server).
 */
(function () {
  "use strict";

  var T = (window.Tessera = window.Tessera || {});

  var STRINGS = {
    en: {
      loading: "Loading…",
      back: "Back",
      retry: "Try again",
      home: "Go to start",
      close: "Close app",
      nothingYet: "Nothing here yet",
      nothingYetHint: "Check back soon.",
      showMore: "Show more",
      noScores: "No scores yet",
      noScoresHint: "Be the first on the board.",
      you: "You",
      claim: "Claim",
      claimed: "Done",
      paused: "Paused",
      openSection: "Open",
      openChannel: "Open channel",
      questNotSubscribed: "You haven't subscribed to {channel} yet. Subscribe, then tap Claim again.",
      questTelegramUnavailable: "Telegram isn't answering right now, so your subscription can't be checked. Try again in a minute.",
      questChannelCheckFailed: "Subscriptions to {channel} can't be checked at the moment. Please try again later.",
      points: "point|points",
      all: "All",
      categories: "Categories",
      period_week: "This week",
      period_month: "This month",
      period_all_time: "All time",
      choose: "Choose…",
      required: "Please fill in this field.",
      invalidEmail: "Enter a valid email address.",
      invalidPhone: "Enter a valid phone number.",
      invalidNumber: "Enter a number.",
      fixErrors: "Please check the highlighted fields.",
      sent: "Sent. Thank you!",
      done: "Done",
      sending: "Sending…",
      gateTitle: "Open this app from Telegram",
      gateText: "This mini app runs inside Telegram. Open it from the bot's menu button or from a t.me link.",
      gateDev: "Developers: add a signed #tgWebAppData=… fragment to the URL.",
      expiredTitle: "Your session has expired",
      expiredText: "Close the app and open it again from Telegram.",
      suspendedTitle: "This app is suspended",
      suspendedText: "It is not available right now. Please check back later.",
      notFoundTitle: "This page isn't available",
      notFoundText: "It may have been removed or isn't open to you yet.",
      networkTitle: "No connection",
      networkText: "Check your internet connection and try again.",
      errorTitle: "Something went wrong",
      errorText: "Please try again in a moment.",
      noSections: "This app has no pages yet",
      noSectionsText: "The owner is still setting it up.",
      invoiceNeedsTelegram: "Payments with Telegram Stars work only inside Telegram. Open this app from Telegram to buy.",
      invoicePaid: "Payment received. Thank you!",
      invoiceFailed: "The payment did not go through.",
      linkBlocked: "This link can't be opened."
    },
    ru: {
      loading: "Загрузка…",
      back: "Назад",
      retry: "Повторить",
      home: "На главную",
      close: "Закрыть",
      nothingYet: "Здесь пока пусто",
      nothingYetHint: "Загляните позже.",
      showMore: "Показать ещё",
      noScores: "Пока нет результатов",
      noScoresHint: "Станьте первым в таблице.",
      you: "Вы",
      claim: "Забрать",
      claimed: "Готово",
      paused: "На паузе",
      openSection: "Открыть",
      openChannel: "Открыть канал",
      questNotSubscribed: "Вы ещё не подписаны на {channel}. Подпишитесь и нажмите «Забрать» ещё раз.",
      questTelegramUnavailable: "Telegram сейчас не отвечает, поэтому подписку не проверить. Попробуйте через минуту.",
      questChannelCheckFailed: "Подписку на {channel} сейчас не проверить. Попробуйте позже.",
      points: "очко|очка|очков",
      all: "Все",
      categories: "Категории",
      period_week: "За неделю",
      period_month: "За месяц",
      period_all_time: "За всё время",
      choose: "Выберите…",
      required: "Заполните это поле.",
      invalidEmail: "Введите корректный email.",
      invalidPhone: "Введите корректный номер телефона.",
      invalidNumber: "Введите число.",
      fixErrors: "Проверьте отмеченные поля.",
      sent: "Отправлено. Спасибо!",
      done: "Готово",
      sending: "Отправка…",
      gateTitle: "Откройте приложение в Telegram",
      gateText: "Это мини-приложение работает внутри Telegram. Откройте его через кнопку меню бота или ссылку t.me.",
      gateDev: "Разработчикам: добавьте к адресу подписанный фрагмент #tgWebAppData=….",
      expiredTitle: "Сессия истекла",
      expiredText: "Закройте приложение и откройте его снова из Telegram.",
      suspendedTitle: "Приложение приостановлено",
      suspendedText: "Сейчас оно недоступно. Загляните позже.",
      notFoundTitle: "Страница недоступна",
      notFoundText: "Возможно, её удалили или она вам пока не открыта.",
      networkTitle: "Нет соединения",
      networkText: "Проверьте подключение к интернету и повторите.",
      errorTitle: "Что-то пошло не так",
      errorText: "Попробуйте ещё раз чуть позже.",
      noSections: "В приложении пока нет страниц",
      noSectionsText: "Владелец ещё настраивает его.",
      invoiceNeedsTelegram: "Оплата звёздами Telegram работает только внутри Telegram. Откройте приложение в Telegram, чтобы купить.",
      invoicePaid: "Оплата получена. Спасибо!",
      invoiceFailed: "Платёж не прошёл.",
      linkBlocked: "Эту ссылку нельзя открыть."
    }
  };

  var locale = "en";

  T.strings = {
    /** Picks the closest supported language ("ru-RU" → "ru"), English otherwise. */
    setLocale: function (tag) {
      var short = String(tag || "").toLowerCase().split(/[-_]/)[0];
      locale = Object.prototype.hasOwnProperty.call(STRINGS, short) ? short : "en";
      return locale;
    },
    t: function (key) {
      return STRINGS[locale][key] || STRINGS.en[key] || key;
    }
  };
})();
