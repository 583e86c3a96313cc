// Orders (status filter, detail, ship, refund) and Payments (filter, refund).
import { h, mount, toast, confirmDialog } from "./dom.js";
import { t, dateTime, number } from "./i18n.js";
import { api, staffPath } from "./api.js";
import { errorBox, describe } from "./errors.js";
import { dataTable, filterChips } from "./table.js";
import { render, setQuery } from "./app.js";
import { can } from "./roles.js";

const ORDER_STATUSES = ["pending", "paid", "refunded", "cancelled", "expired"];
const stars = (n) => t("common.stars", { n: number(n) });
function badge(text, kind = "") { return h("span", { class: ["badge", kind] }, text); }
function head(title, ...actions) { return h("div", { class: "page-head" }, h("h1", {}, title), h("div", { class: "actions" }, actions)); }

export function ordersList(tenant, query) {
  const status = ORDER_STATUSES.includes(query.get("status")) ? query.get("status") : "";
  const table = dataTable({
    query, onQuery: setQuery, caption: t("orders.title"), empty: t("orders.empty"),
    columns: [
      { key: "id", label: t("orders.col.id"), sort: (o) => o.id, cell: (o) => h("a", { href: `/office/${tenant}/orders/${o.id}`, "data-order": o.id }, "#" + o.id) },
      { key: "status", label: t("orders.col.status"), sort: (o) => o.status, cell: (o) => badge(t("orders.status." + o.status), o.status) },
      { key: "items", label: t("orders.col.items"), cell: (o) => o.items.map((i) => `${i.title ?? i.product ?? ""} × ${i.quantity ?? 1}`).join(", ") },
      { key: "total", label: t("orders.col.total"), sort: (o) => o.total, cell: (o) => stars(o.total) },
      { key: "created_at", label: t("orders.col.created"), sort: (o) => o.created_at, cell: (o) => dateTime(o.created_at) },
    ],
    fetch: async () => ({ rows: (await api("GET", staffPath(tenant, "orders?limit=100" + (status ? "&status=" + status : "")))).orders, next: null }),
  });
  return h("div", { "data-screen": "orders" }, head(t("orders.title")),
    filterChips({ name: "status", query, onQuery: setQuery, label: t("common.filter"), options: [{ value: "", label: t("common.all") }, ...ORDER_STATUSES.map((s) => ({ value: s, label: t("orders.status." + s) }))] }),
    table);
}

export function orderDetail(tenant, id) {
  const box = h("div", { "data-screen": "order" }, h("p", { class: "muted" }, t("app.loading")));
  const slot = h("div", { class: "form-slot" });
  const act = async (what) => {
    mount(slot);
    try {
      await api("POST", staffPath(tenant, `orders/${id}/${what}`));
      toast(what === "refund" ? t("orders.refundedToast") : t("orders.shippedToast"));
      render();
    } catch (error) { mount(slot, errorBox(error)); }
  };
  api("GET", staffPath(tenant, "orders/" + id)).then((r) => {
    const o = r.order;
    const refund = h("button", { type: "button", class: "button danger", "data-action": "refund", onclick: async () => {
      if (await confirmDialog({ title: t("orders.refundTitle", { id: o.id }), text: t("orders.refundText", { total: number(o.total) }), confirm: t("orders.refund"), cancel: t("common.cancel") })) act("refund");
    } }, t("orders.refund"));
    const ship = h("button", { type: "button", class: "button primary", "data-action": "ship", onclick: () => act("ship") }, t("orders.ship"));
    mount(box,
      head(t("orders.detail", { id: o.id }), h("a", { href: `/office/${tenant}/orders`, class: "button" }, t("common.back")), o.status === "paid" && !o.shipped_at && can("write.orders") ? ship : null, o.status === "paid" && can("money.orders") ? refund : null),
      slot,
      h("div", { class: "card" },
        h("p", {}, badge(t("orders.status." + o.status), o.status), " ", stars(o.total), " · ", t("orders.participant", { id: o.participant_id ?? "?" })),
        h("p", { class: "muted" }, dateTime(o.created_at), o.paid_at ? " · " + t("orders.paidAt", { at: dateTime(o.paid_at) }) : "", o.shipped_at ? " · " + t("orders.shipped", { at: dateTime(o.shipped_at) }) : ""),
        h("table", { class: "data" }, h("tbody", {}, o.items.map((i) => h("tr", {}, h("td", {}, i.title ?? i.product ?? ""), h("td", {}, "× " + (i.quantity ?? 1)), h("td", {}, stars(i.price ?? i.total ?? 0))))))));
  }, (error) => mount(box, errorBox(error)));
  return box;
}

export function paymentsList(tenant, query) {
  const status = ["unmatched", "unhandled", "all"].includes(query.get("status")) ? query.get("status") : "all";
  let reload = () => {};
  const holder = h("div");
  const build = () => mount(holder, dataTable({
    query, onQuery: setQuery, caption: t("payments.title"), empty: t("payments.empty"),
    columns: [
      { key: "id", label: t("payments.col.id"), sort: (p) => p.id, cell: (p) => "#" + p.id },
      { key: "amount", label: t("payments.col.amount"), sort: (p) => p.amount, cell: (p) => (p.currency === "XTR" ? stars(p.amount) : `${number(p.amount)} ${p.currency}`) },
      { key: "payload", label: t("payments.col.payload"), cell: (p) => h("span", { class: "mono" }, p.payload) },
      { key: "created_at", label: t("payments.col.created"), sort: (p) => p.created_at, cell: (p) => dateTime(p.created_at) },
      { key: "state", label: t("payments.col.state"), cell: (p) => (p.refunded_at ? badge(t("payments.refunded"), "refunded") : badge(p.matched ? t("payments.matched") : t("payments.unmatched"), p.matched ? "ok" : "warn")) },
      { key: "actions", label: "", cell: (p) => (p.refunded_at || !can("money.finance") ? null : h("button", { type: "button", class: "button small danger", "data-action": "refund", onclick: async () => {
        if (!(await confirmDialog({ title: t("payments.refundTitle", { id: p.id }), text: t("payments.refundText", { amount: number(p.amount) }), confirm: t("payments.refund"), cancel: t("common.cancel") }))) return;
        try { await api("POST", staffPath(tenant, `payments/${p.id}/refund`)); toast(t("payments.refundedToast")); reload(); } catch (error) { toast(describe(error), "error"); }
      } }, t("payments.refund"))) },
    ],
    fetch: async () => ({ rows: (await api("GET", staffPath(tenant, `payments?status=${status}&limit=100`))).payments, next: null }),
  }));
  reload = build;
  build();
  return h("div", { "data-screen": "payments" }, head(t("payments.title")),
    filterChips({ name: "status", query: new URLSearchParams({ status }), onQuery: setQuery, label: t("common.filter"), options: ["all", "unmatched", "unhandled"].map((s) => ({ value: s, label: t("payments.status." + s) })) }),
    holder);
}
