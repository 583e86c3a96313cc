// "Link Telegram" in the profile menu: the server hands out a one-time deep link to the tenant's
// bot (15 minutes); opening it in Telegram and pressing Start links the account, and the bot
// confirms in the chat. "Done" reloads the session to show the linked state. Unlinking is one call.
import { h, toast } from "./dom.js";
import { t, dateTime } from "./i18n.js";
import { api, session } from "./api.js";
import { describe } from "./errors.js";

/** The profile-menu entries for the Telegram link of the signed-in person, in `tenant`'s bot. */
export function telegramMenuItems(tenant, rerender) {
  const linked = session.current?.staff?.telegram_linked;
  return [
    h("span", { class: "menu-note", "data-telegram-state": linked ? "linked" : "unlinked" }, linked ? t("telegram.linked") : t("telegram.notLinked")),
    linked
      ? h("button", { type: "button", "data-action": "unlink-telegram", onclick: () => unlink(rerender) }, t("telegram.unlink"))
      : h("button", { type: "button", "data-action": "link-telegram", onclick: () => link(tenant, rerender) }, t("telegram.link")),
  ];
}

async function link(tenant, rerender) {
  let offer;
  try {
    offer = await api("POST", "/office/api/me/telegram-link", { tenant });
  } catch (error) {
    toast(describe(error), "error");
    return;
  }
  const dialog = h("dialog", { class: "confirm", "aria-labelledby": "telegram-link-title", "data-dialog": "telegram-link" },
    h("h2", { id: "telegram-link-title" }, t("telegram.linkTitle")),
    h("p", {}, t("telegram.linkText", { bot: "@" + offer.bot, expires: dateTime(offer.expires_at) })),
    h("p", {}, h("a", { href: offer.link, target: "_blank", rel: "noopener noreferrer", class: "button primary", "data-telegram-link": "" }, t("telegram.open", { bot: "@" + offer.bot }))),
    h("div", { class: "actions" }, h("button", { type: "button", class: "button", "data-confirm": "", onclick: () => dialog.close() }, t("telegram.done"))));
  dialog.addEventListener("close", async () => {
    dialog.remove();
    try { session.current = await api("GET", "/office/api/session"); } catch { /* the next call will tell */ }
    rerender();
  });
  document.body.append(dialog);
  dialog.showModal();
}

async function unlink(rerender) {
  try {
    const { staff } = await api("DELETE", "/office/api/me/telegram-link");
    session.current.staff = staff;
    toast(t("telegram.unlinked"));
    rerender();
  } catch (error) {
    toast(describe(error), "error");
  }
}
