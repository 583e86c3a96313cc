// The Overview: today / 7 / 30 days of audience, activity, sources, orders, revenue and dialogs.
import { h, mount } from "./dom.js";
import { t, number, duration } from "./i18n.js";
import { api, staffPath } from "./api.js";
import { errorBox } from "./errors.js";
import { barChart, shareBar } from "./chart.js";
import { filterChips } from "./table.js";
import { setQuery } from "./app.js";

const RANGES = ["today", "7d", "30d"];

function card(title, ...body) {
  return h("section", { class: "card kpi" }, h("h2", {}, title), body);
}

function figure(label, value, key) {
  return h("div", { class: "figure" }, h("span", { class: "figure-label" }, label), h("strong", { class: "figure-value", "data-figure": key }, value));
}

function series(points, key) { return points.map((p) => ({ day: p.day, value: p[key] })); }

export function overviewScreen(tenant, query) {
  const range = RANGES.includes(query.get("range")) ? query.get("range") : "7d";
  const grid = h("div", { class: "kpi-grid" }, Array.from({ length: 4 }, () => h("section", { class: "card kpi skeleton-card", "aria-hidden": "true" }, h("span", { class: "skeleton" }), h("span", { class: "skeleton tall" }))));
  const footer = h("p", { class: "hint" });
  const load = () =>
    api("GET", staffPath(tenant, "overview?range=" + range)).then(
      (o) => {
        const maxSource = Math.max(0, ...o.sources.map((s) => s.participants));
        const money = o.orders.revenue_stars !== null;
        mount(grid,
          card(t("overview.new"), figure(t("overview.inPeriod"), number(o.participants.new), "new"), h("p", { class: "muted" }, t("overview.total", { n: number(o.participants.total) })),
            barChart(series(o.participants.new_series, "count"), { label: t("overview.new"), format: number })),
          card(t("overview.active"), h("div", { class: "figures" }, figure(t("overview.dau"), number(o.active.dau), "dau"), figure(t("overview.wau"), number(o.active.wau), "wau"), figure(t("overview.mau"), number(o.active.mau), "mau")),
            barChart(series(o.active.series, "count"), { label: t("overview.active"), format: number }), h("p", { class: "hint" }, t("overview.activeHint"))),
          card(t("overview.orders"), h("div", { class: "figures" }, figure(t("overview.paidOrders"), number(o.orders.paid_orders), "orders"), figure(t("overview.paidTickets"), number(o.orders.paid_tickets), "tickets"),
              money ? figure(t("overview.revenue"), t("common.stars", { n: number(o.orders.revenue_stars) }), "revenue") : null),
            money ? [barChart(series(o.orders.revenue_series, "stars"), { label: t("overview.revenue"), format: (n) => t("common.stars", { n: number(n) }) }), h("p", { class: "muted" }, t("overview.refunded", { n: number(o.orders.refunded_stars) }))]
              : h("p", { class: "muted" }, t("overview.revenueHidden"))),
          card(t("overview.dialogs"), h("div", { class: "figures" }, figure(t("overview.openDialogs"), number(o.dialogs.open), "dialogs"),
            figure(t("overview.oldestWaiting"), o.dialogs.oldest_waiting_seconds === null ? t("overview.nobodyWaiting") : duration(o.dialogs.oldest_waiting_seconds), "waiting"))),
          h("section", { class: "card kpi wide" }, h("h2", {}, t("overview.sources")),
            o.sources.length === 0 ? h("p", { class: "empty" }, t("overview.sourcesEmpty"))
              : h("ol", { class: "sources" }, o.sources.map((s) => h("li", {}, h("span", { class: s.source === null ? "muted" : "mono" }, s.source ?? t("overview.direct")), shareBar(s.participants, maxSource), h("strong", {}, number(s.participants)))))));
        mount(footer, t("overview.utc", { from: o.from, to: o.to }));
      },
      (error) => mount(grid, errorBox(error, load)),
    );
  load();
  return h("div", { "data-screen": "overview" },
    h("div", { class: "page-head" }, h("h1", {}, t("overview.title")),
      filterChips({ name: "range", query: new URLSearchParams({ range }), onQuery: setQuery, label: t("overview.title"), options: RANGES.map((r) => ({ value: r, label: t("overview.range." + r) })) })),
    grid, footer);
}
