// Quests (stats, pause/resume, reward override), Ratings, and the slots of screens still being built.
import { h, mount, toast } from "./dom.js";
import { t, number } from "./i18n.js";
import { api, staffPath } from "./api.js";
import { describe } from "./errors.js";
import { dataTable } from "./table.js";
import { setQuery } from "./app.js";

export function questsScreen(tenant) {
  const holder = h("div");
  const patch = async (quest, body) => {
    try { await api("PATCH", staffPath(tenant, "quests/" + encodeURIComponent(quest.id)), body); toast(t("common.saved")); build(); } catch (error) { toast(describe(error), "error"); }
  };
  const build = () => mount(holder, dataTable({
    query: new URLSearchParams(location.search), onQuery: setQuery, caption: t("quests.title"), empty: t("quests.empty"),
    columns: [
      { key: "quest", label: t("quests.col.quest"), sort: (q) => (q.title ?? q.id).toLowerCase(), cell: (q) => [h("strong", {}, q.title ?? q.id), " ", h("span", { class: "muted mono" }, q.kind)] },
      { key: "status", label: t("quests.col.status"), cell: (q) => h("button", { type: "button", class: ["button", "small", q.paused ? "primary" : ""], "data-quest-toggle": q.id, onclick: () => patch(q, { paused: !q.paused }) }, q.paused ? t("quests.resume") : t("quests.pause")) },
      { key: "reward", label: t("quests.col.reward"), sort: (q) => q.reward, cell: (q) => {
        const input = h("input", { type: "number", min: 0, value: q.reward, class: "inline-number", "aria-label": t("quests.rewardLabel", { quest: q.title ?? q.id }) });
        return h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); patch(q, { reward: Number(input.value) }); } }, input, h("button", { type: "submit", class: "button small" }, t("common.save")), q.reward_overridden ? h("small", { class: "muted" }, t("quests.overridden", { n: q.blueprint_reward })) : null);
      } },
      { key: "claims", label: t("quests.col.claims"), sort: (q) => q.stats.claims, cell: (q) => number(q.stats.claims) },
      { key: "week", label: t("quests.col.week"), sort: (q) => q.stats.claims_last_7_days, cell: (q) => number(q.stats.claims_last_7_days) },
      { key: "points", label: t("quests.col.points"), sort: (q) => q.stats.points_awarded, cell: (q) => number(q.stats.points_awarded) },
    ],
    fetch: async () => ({ rows: (await api("GET", staffPath(tenant, "quests"))).quests, next: null }),
  }));
  build();
  return h("div", { "data-screen": "quests" }, h("div", { class: "page-head" }, h("h1", {}, t("quests.title"))), holder);
}

export function ratingsScreen() {
  return h("div", { "data-screen": "ratings" }, h("div", { class: "page-head" }, h("h1", {}, t("ratings.title"))), h("p", { class: "empty" }, t("ratings.soon")));
}

/** Participants, Contacts, Ban list, Dialogs: their place in the navigation, until their APIs land. */
export function slotScreen(area) {
  return h("div", { "data-screen": area }, h("div", { class: "page-head" }, h("h1", {}, t("nav." + area))), h("p", { class: "empty" }, t("slot.soon", { area: t("nav." + area) })));
}
