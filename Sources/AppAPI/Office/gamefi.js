// Quests (stats, pause/resume, reward override), Ratings (leaderboards), and the slots of screens still being built.
import { h, mount, toast } from "./dom.js";
import { t, number, locale } from "./i18n.js";
import { api, staffPath } from "./api.js";
import { describe, errorBox } from "./errors.js";
import { dataTable, filterChips } from "./table.js";
import { setQuery } from "./app.js";
import { can } from "./roles.js";

export function questsScreen(tenant) {
  const holder = h("div");
  const patch = async (quest, body) => {
    try { await api("PATCH", staffPath(tenant, "quests/" + encodeURIComponent(quest.id)), body); toast(t("common.saved")); build(); } catch (error) { toast(describe(error), "error"); }
  };
  const build = () => mount(holder, dataTable({
    query: new URLSearchParams(location.search), onQuery: setQuery, caption: t("quests.title"), empty: t("quests.empty"),
    columns: [
      { key: "quest", label: t("quests.col.quest"), sort: (q) => (q.title ?? q.id).toLowerCase(), cell: (q) => [h("strong", {}, q.title ?? q.id), " ", h("span", { class: "muted mono" }, q.kind)] },
      { key: "status", label: t("quests.col.status"), cell: (q) => !can("write.content") ? h("span", { class: "badge" }, q.paused ? t("quests.paused") : t("quests.active")) : h("button", { type: "button", class: ["button", "small", q.paused ? "primary" : ""], "data-quest-toggle": q.id, onclick: () => patch(q, { paused: !q.paused }) }, q.paused ? t("quests.resume") : t("quests.pause")) },
      { key: "reward", label: t("quests.col.reward"), sort: (q) => q.reward, cell: (q) => {
        if (!can("write.content")) return [number(q.reward), q.reward_overridden ? h("small", { class: "muted" }, " ", t("quests.overridden", { n: q.blueprint_reward })) : null];
        const input = h("input", { type: "number", min: 0, value: q.reward, class: "inline-number", "aria-label": t("quests.rewardLabel", { quest: q.title ?? q.id }) });
        return h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); patch(q, { reward: Number(input.value) }); } }, input, h("button", { type: "submit", class: "button small", "data-action": "reward" }, t("common.save")), q.reward_overridden ? h("small", { class: "muted" }, t("quests.overridden", { n: q.blueprint_reward })) : null);
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

/** Leaderboards: `?board=&period=` picks one (default: the first board, its first period). */
export function ratingsScreen(tenant, query) {
  const box = h("div", {}, h("p", { class: "muted" }, t("app.loading")));
  api("GET", staffPath(tenant, "ratings")).then(({ boards }) => {
    if (boards.length === 0) return mount(box, h("p", { class: "empty" }, t("ratings.none")));
    const board = boards.find((b) => b.id === query.get("board")) || boards[0];
    const period = board.periods.includes(query.get("period")) ? query.get("period") : board.periods[0];
    const title = (b) => (typeof b.title === "string" ? b.title : b.title[locale()] ?? Object.values(b.title)[0]);
    const current = new URLSearchParams({ board: board.id, period });
    mount(box,
      boards.length > 1 ? filterChips({ name: "board", query: current, onQuery: (q) => { q.delete("period"); setQuery(q); }, label: t("ratings.title"), options: boards.map((b) => ({ value: b.id, label: title(b) })) }) : h("h2", {}, title(board)),
      filterChips({ name: "period", query: current, onQuery: setQuery, label: t("common.filter"), options: board.periods.map((p) => ({ value: p, label: t("ratings.period." + p) })) }),
      dataTable({
        query, onQuery: setQuery, caption: title(board), empty: t("ratings.empty"),
        columns: [
          { key: "rank", label: t("ratings.col.rank"), cell: (e) => h("strong", {}, "#" + e.rank) },
          { key: "name", label: t("ratings.col.name"), cell: (e) => [e.name || t("common.none"), " ", h("span", { class: "muted" }, t("orders.participant", { id: e.participant_id }))] },
          { key: "points", label: t("ratings.col.points"), cell: (e) => number(e.points) },
        ],
        fetch: async () => ({ rows: (await api("GET", staffPath(tenant, `ratings/${encodeURIComponent(board.id)}?section=${encodeURIComponent(board.section)}&period=${period}&limit=100`))).top, next: null }),
      }));
  }, (error) => mount(box, errorBox(error)));
  return h("div", { "data-screen": "ratings" }, h("div", { class: "page-head" }, h("h1", {}, t("ratings.title"))), box);
}

/** Participants, Contacts, Ban list, Dialogs: their place in the navigation, until their APIs land. */
export function slotScreen(area) {
  return h("div", { "data-screen": area }, h("div", { class: "page-head" }, h("h1", {}, t("nav." + area))), h("p", { class: "empty" }, t("slot.soon", { area: t("nav." + area) })));
}
