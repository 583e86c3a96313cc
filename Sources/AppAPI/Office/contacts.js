// Contacts: everyone who left a phone number, an email address, a form field or a consent answer;
// filters, search and order in the URL, keyset pages, the CSV export for roles that may export.
import { h, mount } from "./dom.js";
import { t, dateTime, locale } from "./i18n.js";
import { api, staffPath } from "./api.js";
import { dataTable, filterChips } from "./table.js";
import { setQuery } from "./app.js";
import { can } from "./roles.js";
import { personName } from "./people.js";

const SORTS = ["-updated", "updated"];
/** The filters the URL carries to the staff API as they are (the export takes the same, without paging). */
const FILTERS = ["q", "has_phone", "has_email", "consent", "field"];

/** The filters of `query` as API parameters. */
function filterParams(query) {
  const params = new URLSearchParams();
  for (const name of FILTERS) if (query.get(name)) params.set(name, query.get(name));
  return params;
}

/** A value with how and when it came, or a dash. */
function valueCell(value) {
  if (!value) return h("span", { class: "muted" }, t("common.none"));
  return [h("span", { class: "contact-value" }, typeof value.value === "string" ? value.value : JSON.stringify(value.value)),
    h("div", { class: "hint", "data-way": value.way }, t("contacts.given", { way: t("contacts.way." + value.way), at: dateTime(value.given_at) }))];
}

export function contactsList(tenant, query) {
  let fields = [];
  const fieldLabel = (f) => f.label?.[locale()] ?? f.id;
  const fieldSelect = h("select", { name: "field", "aria-label": t("contacts.field"), "data-filter": "field",
    onchange: (e) => { const q = new URLSearchParams(query); if (e.target.value) q.set("field", e.target.value); else q.delete("field"); setQuery(q); } },
  h("option", { value: "" }, t("contacts.field.any")));
  const search = h("form", { class: "inline", role: "search", "data-form": "contacts-search",
    onsubmit: (event) => {
      event.preventDefault();
      const q = new URLSearchParams(query);
      const value = event.currentTarget.elements.q.value.trim();
      if (value) q.set("q", value); else q.delete("q");
      setQuery(q);
    } },
  h("input", { type: "search", name: "q", value: query.get("q") || "", placeholder: t("contacts.search"), "aria-label": t("contacts.search"), maxlength: 100 }),
  fieldSelect,
  h("select", { name: "sort", "aria-label": t("contacts.sort"), onchange: (e) => { const q = new URLSearchParams(query); q.set("sort", e.target.value); setQuery(q); } },
    SORTS.map((s) => h("option", { value: s, selected: (query.get("sort") || "-updated") === s }, t("contacts.sort." + s)))),
  h("button", { type: "submit", class: "button" }, t("contacts.find")));
  const filtered = FILTERS.some((name) => query.get(name));
  const table = dataTable({
    query, onQuery: setQuery, caption: t("contacts.title"), empty: filtered ? t("contacts.none") : t("contacts.empty"),
    columns: [
      { key: "participant", label: t("contacts.col.participant"), cell: (c) => h("a", { href: `/office/${tenant}/participants/${c.participant.id}`, "data-participant": c.participant.id }, personName(c.participant) || "#" + c.participant.id) },
      { key: "phone", label: t("contacts.col.phone"), cell: (c) => valueCell(c.contact.phone) },
      { key: "email", label: t("contacts.col.email"), cell: (c) => valueCell(c.contact.email) },
      { key: "fields", label: t("contacts.col.fields"), cell: (c) => {
        const filled = fields.filter((f) => c.contact.fields[f.id]);
        if (filled.length === 0) return h("span", { class: "muted" }, t("common.none"));
        return h("dl", { class: "contact-fields" }, filled.map((f) => [h("dt", {}, fieldLabel(f)), h("dd", {}, valueCell(c.contact.fields[f.id]))]));
      } },
      { key: "consent", label: t("contacts.col.consent"), cell: (c) => (c.contact.consent
        ? [h("span", { class: ["badge", c.contact.consent.given ? "ok" : "warn"], "data-consent": c.contact.consent.given ? "given" : "withdrawn" }, t(c.contact.consent.given ? "contacts.consent.given" : "contacts.consent.withdrawn")),
          h("div", { class: "hint" }, t("contacts.given", { way: t("contacts.way." + c.contact.consent.way), at: dateTime(c.contact.consent.at) }))]
        : h("span", { class: "muted", "data-consent": "unknown" }, t("contacts.consent.unknown"))) },
      { key: "updated", label: t("contacts.col.updated"), cell: (c) => dateTime(c.updated_at) },
    ],
    fetch: async (q, cursor) => {
      const params = filterParams(q);
      params.set("limit", "50");
      if (SORTS.includes(q.get("sort"))) params.set("sort", q.get("sort"));
      if (cursor) params.set("cursor", cursor);
      const page = await api("GET", staffPath(tenant, "contacts?" + params));
      if (fields.length === 0 && page.fields.length) {
        fields = page.fields;
        mount(fieldSelect, h("option", { value: "" }, t("contacts.field.any")),
          fields.map((f) => h("option", { value: f.id, selected: query.get("field") === f.id }, fieldLabel(f))));
      }
      fieldSelect.hidden = fields.length === 0;
      return { rows: page.contacts, next: page.next_cursor };
    },
  });
  const chips = (name, label, values, prefix) => filterChips({ name, query, onQuery: setQuery, label,
    options: [{ value: "", label: t("common.all") }, ...values.map((v) => ({ value: v, label: t(prefix + v) }))] });
  const exportLink = can("export.people")
    ? h("a", { class: "button", "data-action": "export", download: "", href: staffPath(tenant, "contacts/export.csv" + (filterParams(query).toString() ? "?" + filterParams(query) : "")) }, t("contacts.export"))
    : null;
  return h("div", { "data-screen": "contacts" },
    h("div", { class: "page-head" }, h("h1", {}, t("contacts.title")), h("div", { class: "actions" }, exportLink)),
    search,
    h("div", { class: "inline" },
      h("span", { class: "muted" }, t("contacts.hasPhone")), chips("has_phone", t("contacts.hasPhone"), ["true", "false"], "contacts.has."),
      h("span", { class: "muted" }, t("contacts.hasEmail")), chips("has_email", t("contacts.hasEmail"), ["true", "false"], "contacts.has."),
      h("span", { class: "muted" }, t("contacts.consent")), chips("consent", t("contacts.consent"), ["given", "withdrawn", "unknown"], "contacts.consent.")),
    table);
}
