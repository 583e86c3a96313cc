// The audit log (owners): who did what to which record, when and from where, newest first; filters
// (actor, action, record, date range) in the URL; each entry's before → after, changed fields side by side.
import { h } from "./dom.js";
import { t, dateTime } from "./i18n.js";
import { api, staffPath } from "./api.js";
import { dataTable } from "./table.js";
import { setQuery } from "./app.js";

const FILTERS = ["actor", "action", "record_type", "record_id", "from", "to"];
/** Record types with a screen of their own, and its URL. */
const SCREENS = {
  news: (tenant, id) => `/office/${tenant}/news/${id}`,
  events: (tenant, id) => `/office/${tenant}/events/${id}`,
  orders: (tenant, id) => `/office/${tenant}/orders/${id}`,
  participants: (tenant, id) => `/office/${tenant}/participants/${id}`,
};

/** `value` flattened to `path → text` (`post.title`), arrays and scalars as JSON text. */
export function flatten(value, prefix = "", out = new Map()) {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    if (Object.keys(value).length === 0 && prefix) out.set(prefix, "{}");
  } else if (prefix) {
    out.set(prefix, typeof value === "string" ? value : JSON.stringify(value));
  }
  return out;
}

/** The fields whose text differs between `before` and `after`: [{field, before, after}] (undefined where absent). */
export function changes(before, after) {
  const a = flatten(before ?? {}), b = flatten(after ?? {});
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  return fields.filter((f) => a.get(f) !== b.get(f)).map((field) => ({ field, before: a.get(field), after: b.get(field) }));
}

function actorName(e) {
  return e.actor.name || t(e.actor.kind === "token" ? "audit.token" : "audit.person", { id: e.actor.id });
}

function changesCell(e) {
  const list = changes(e.before, e.after);
  // before is null for a creation and for writes whose record has no GET route (a job's retry):
  // only the action's name tells a creation.
  const summary = e.action.endsWith(".create") ? t("audit.created") : e.action.endsWith(".delete") ? t("audit.deleted")
    : list.length ? t("audit.changes", { n: list.length }) : t("audit.noChange");
  if (list.length === 0) return h("span", { class: "muted" }, summary);
  const cell = (text, kind) => h("td", { class: ["diff-" + kind, "mono"] }, text === undefined ? t("common.none") : text);
  return h("details", { class: "audit-diff", "data-entry": e.id },
    h("summary", {}, summary),
    h("table", { class: "data diff" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("audit.field")), h("th", { scope: "col" }, t("audit.before")), h("th", { scope: "col" }, t("audit.after")))),
      h("tbody", {}, list.map((c) => h("tr", { "data-field": c.field }, h("th", { scope: "row", class: "mono" }, c.field), cell(c.before, "before"), cell(c.after, "after"))))));
}

/** A local date input (YYYY-MM-DD) as the instant its day starts, or ends (`end`), in local time. */
function dayInstant(value, end) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [y, m, d] = value.split("-").map(Number);
  return new Date(y, m - 1, d + (end ? 1 : 0)).toISOString();
}
function dayOf(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function auditScreen(tenant, query) {
  const narrow = (changesToQuery) => { const q = new URLSearchParams(query); changesToQuery(q); setQuery(q); };
  const form = h("form", { class: "inline", "data-form": "audit-filter", onsubmit: (event) => {
    event.preventDefault();
    const f = event.currentTarget.elements;
    narrow((q) => {
      const action = f.action.value.trim();
      if (action) q.set("action", action); else q.delete("action");
      const from = dayInstant(f.from.value, false), to = dayInstant(f.to.value, true);
      if (from) q.set("from", from); else q.delete("from");
      if (to) q.set("to", to); else q.delete("to");
    });
  } },
  h("input", { type: "text", name: "action", value: query.get("action") || "", placeholder: t("audit.action"), "aria-label": t("audit.action"), maxlength: 80 }),
  h("label", { class: "inline" }, t("audit.from"), h("input", { type: "date", name: "from", value: dayOf(query.get("from")) })),
  h("label", { class: "inline" }, t("audit.to"), h("input", { type: "date", name: "to", value: (() => { const end = query.get("to"); return end ? dayOf(new Date(new Date(end).getTime() - 1).toISOString()) : ""; })() })),
  h("button", { type: "submit", class: "button" }, t("audit.apply")),
  FILTERS.some((name) => query.get(name)) ? h("a", { class: "button", href: `/office/${tenant}/audit`, "data-action": "clear" }, t("audit.clear")) : null);
  const active = [
    query.get("actor") ? h("span", { class: "badge", "data-filter": "actor" }, t("audit.filteredActor", { actor: query.get("actor") })) : null,
    query.get("record_type") ? h("span", { class: "badge", "data-filter": "record" }, t("audit.filteredRecord", { record: `${query.get("record_type")} ${query.get("record_id") ?? ""}`.trim() })) : null,
  ];
  const table = dataTable({
    query, onQuery: setQuery, caption: t("audit.title"), empty: t("audit.empty"),
    columns: [
      { key: "who", label: t("audit.col.who"), cell: (e) => [
        h("button", { type: "button", class: "link-button", "data-actor": `${e.actor.kind}:${e.actor.id}`, title: t("audit.onlyActor", { name: actorName(e) }),
          onclick: () => narrow((q) => q.set("actor", `${e.actor.kind}:${e.actor.id}`)) }, actorName(e)),
        e.actor.kind === "token" ? h("div", { class: "hint" }, t("audit.tokenKind")) : null] },
      { key: "role", label: t("audit.col.role"), cell: (e) => h("span", { class: "badge" }, t("role." + e.role)) },
      { key: "action", label: t("audit.col.action"), cell: (e) => h("span", { class: "mono" }, e.action) },
      { key: "record", label: t("audit.col.record"), cell: (e) => {
        const text = e.record_id ? `${e.record_type} #${e.record_id}` : e.record_type;
        const screen = SCREENS[e.record_type];
        return [screen && /^\d+$/.test(e.record_id) ? h("a", { href: screen(tenant, e.record_id), "data-record": text }, text) : h("span", { "data-record": text }, text), " ",
          h("button", { type: "button", class: "link-button hint", title: t("audit.onlyRecord"), "aria-label": t("audit.onlyRecord"),
            onclick: () => narrow((q) => { q.set("record_type", e.record_type); if (e.record_id) q.set("record_id", e.record_id); else q.delete("record_id"); }) }, "⌕")];
      } },
      { key: "at", label: t("audit.col.at"), cell: (e) => dateTime(e.at) },
      { key: "address", label: t("audit.col.address"), cell: (e) => h("span", { class: "mono" }, e.address || t("common.none")) },
      { key: "changes", label: t("audit.col.changes"), cell: changesCell },
    ],
    fetch: async (q, cursor) => {
      const params = new URLSearchParams({ limit: "50" });
      for (const name of FILTERS) if (q.get(name)) params.set(name, q.get(name));
      if (cursor) params.set("cursor", cursor);
      const page = await api("GET", staffPath(tenant, "audit?" + params));
      return { rows: page.entries, next: page.next_cursor };
    },
  });
  return h("div", { "data-screen": "audit" }, h("div", { class: "page-head" }, h("h1", {}, t("audit.title"))), form, h("div", { class: "inline" }, active), table);
}
