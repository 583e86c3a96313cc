// The staff forum group card: which Telegram group mirrors the dialogs (a topic per customer),
// its state and why a link broke; owners link and unlink it here.
import { h, mount, toast, confirmDialog } from "./dom.js";
import { t, dateTime, number } from "./i18n.js";
import { api, staffPath } from "./api.js";
import { errorBox, describe } from "./errors.js";
import { field, showProblems } from "./form.js";
import { can } from "./roles.js";

function facts(forum) {
  const state = forum.state === "broken"
    ? h("span", { class: "badge refunded", "data-forum-state": "broken" }, t("forum.state.broken"))
    : h("span", { class: "badge ok", "data-forum-state": "linked" }, t("forum.state.linked"));
  return h("dl", { class: "facts" },
    [[t("forum.group"), forum.title || t("common.none")], [t("forum.chatId"), h("span", { class: "mono" }, String(forum.chat_id))],
      [t("forum.stateLabel"), state], [t("forum.linkedAt"), dateTime(forum.linked_at)],
      [t("forum.topics"), number(forum.topics)], [t("forum.ignored"), number(forum.ignored_messages)]]
      .map(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]));
}

function steps() {
  return h("ol", { class: "stack", "data-section": "forum-steps" }, ["forum.step1", "forum.step2", "forum.step3", "forum.step4"].map((k) => h("li", {}, t(k))));
}

export function forumCard(tenant) {
  const box = h("div", { class: "stack" }, h("p", { class: "muted" }, t("app.loading")));
  const path = staffPath(tenant, "dialog-forum");
  const render = () => api("GET", path).then(({ forum }) => {
    const owner = can("write.staff");
    const status = forum
      ? h("section", { class: "card stack", "data-section": "forum-link" }, h("h2", {}, t("forum.linked")), facts(forum),
        forum.state === "broken" ? h("p", { class: "notice notice-error", role: "alert", "data-forum-broken": "" }, t("forum.brokenReason", { reason: forum.broken_reason })) : null,
        h("p", { class: "hint" }, t("forum.ignoredHint")))
      : h("section", { class: "card stack", "data-section": "forum-link" }, h("h2", {}, t("forum.notLinked")), h("p", { class: "muted" }, t("forum.notLinkedText")));
    let form = null;
    if (owner) {
      const feedback = h("div");
      form = h("form", { class: "card stack", "data-form": "forum", novalidate: true, onsubmit: async (event) => {
        event.preventDefault();
        const raw = event.currentTarget.elements.chat_id.value.trim();
        const button = event.currentTarget.querySelector("button[type=submit]");
        button.disabled = true;
        try {
          await api("PUT", path, { chat_id: /^-?\d+$/.test(raw) ? Number(raw) : raw });
          toast(t("forum.linkedToast"));
          render();
        } catch (error) {
          button.disabled = false;
          if (!showProblems(form, error)) mount(feedback, errorBox(error));
          else mount(feedback);
        }
      } },
      h("h2", {}, forum ? t("forum.relink") : t("forum.link")), steps(),
      field({ label: t("forum.chatId"), name: "chat_id", value: forum ? String(forum.chat_id) : "", hint: t("forum.chatIdHint"), attrs: { inputmode: "numeric", autocomplete: "off" } }),
      feedback,
      h("div", { class: "actions" },
        forum ? h("button", { type: "button", class: "button danger", "data-action": "unlink", onclick: async () => {
          if (!(await confirmDialog({ title: t("forum.unlinkTitle"), text: t("forum.unlinkText"), confirm: t("forum.unlink"), cancel: t("common.cancel") }))) return;
          try { await api("DELETE", path); toast(t("forum.unlinked")); render(); } catch (error) { toast(describe(error), "error"); }
        } }, t("forum.unlink")) : null,
        h("button", { type: "submit", class: "button primary", "data-action": "link" }, forum ? t("forum.relinkAction") : t("forum.linkAction"))));
    }
    mount(box, status, form ?? h("p", { class: "hint", "data-forum-owner-only": "" }, t("forum.ownerOnly")));
  }, (error) => mount(box, errorBox(error, render)));
  render();
  return h("div", { "data-screen": "forum" },
    h("div", { class: "page-head" }, h("h1", {}, t("forum.title")), h("div", { class: "actions" }, h("a", { href: `/office/${tenant}/dialogs`, class: "button" }, t("common.back")))),
    h("p", { class: "muted" }, t("forum.intro")), box);
}
