// The table component: rows from a staff-API page, "load more" through the server's keyset
// cursor, filters and sort mirrored in the URL query, a skeleton while loading, empty and error states.
import { h, mount, skeletonRows } from "./dom.js";
import { t } from "./i18n.js";
import { errorBox } from "./errors.js";

/**
 * dataTable({ columns: [{key, label, cell(row), sort(row)}], fetch(query, cursor) → {rows, next},
 *   query: URLSearchParams, empty: text or node, onQuery(query) })
 * A column with `sort` sorts the rows in the browser — only for lists the server returns whole (one
 * page, no cursor); paged lists keep the server's order. `?sort=key` or `?sort=-key` keeps the choice in the URL.
 */
export function dataTable({ columns, fetch, query, empty, onQuery, caption }) {
  const body = h("tbody");
  const more = h("button", { type: "button", class: "button", hidden: true }, t("common.loadMore"));
  const status = h("div", { class: "table-status" });
  let rows = [];
  let next = null;
  const sort = query.get("sort") || "";

  function sorted() {
    const key = sort.replace(/^-/, "");
    const column = columns.find((c) => c.key === key && c.sort);
    if (!column) return rows;
    const direction = sort.startsWith("-") ? -1 : 1;
    return [...rows].sort((a, b) => {
      const x = column.sort(a), y = column.sort(b);
      return (x < y ? -1 : x > y ? 1 : 0) * direction;
    });
  }

  function render() {
    mount(body, sorted().map((row) => h("tr", {}, columns.map((c) => h("td", { "data-label": c.label }, c.cell(row))))));
    mount(status);
    if (rows.length === 0) mount(status, h("div", { class: "empty" }, empty));
    more.hidden = !next;
  }

  async function load(cursor) {
    if (!cursor) mount(body, skeletonRows(columns.length));
    more.disabled = true;
    try {
      const page = await fetch(query, cursor);
      rows = cursor ? rows.concat(page.rows) : page.rows;
      next = page.next || null;
      render();
    } catch (error) {
      mount(body);
      mount(status, errorBox(error, () => load(cursor)));
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener("click", () => load(next));

  const head = h(
    "tr",
    {},
    columns.map((c) => {
      if (!c.sort) return h("th", { scope: "col" }, c.label);
      const active = sort.replace(/^-/, "") === c.key;
      const descending = active && sort.startsWith("-");
      return h(
        "th",
        { scope: "col", "aria-sort": active ? (descending ? "descending" : "ascending") : "none" },
        h(
          "button",
          {
            type: "button", class: "sort", title: t("common.sortBy", { column: c.label }),
            onclick: () => {
              const q = new URLSearchParams(query);
              q.set("sort", active && !descending ? "-" + c.key : c.key);
              onQuery(q);
            },
          },
          c.label, active ? (descending ? " ↓" : " ↑") : "",
        ),
      );
    }),
  );
  const element = h("div", { class: "table-wrap" }, h("table", { class: "data" }, caption ? h("caption", { class: "visually-hidden" }, caption) : null, h("thead", {}, head), body), status, more);
  load(null);
  return element;
}

/** Filter chips (a radio group) bound to one URL query parameter. */
export function filterChips({ name, options, query, onQuery, label }) {
  const value = query.get(name) || "";
  return h(
    "div",
    { class: "chips", role: "group", "aria-label": label },
    options.map((o) =>
      h(
        "button",
        {
          type: "button", class: ["chip", value === o.value ? "on" : ""], "aria-pressed": value === o.value ? "true" : "false",
          onclick: () => {
            const q = new URLSearchParams(query);
            if (o.value) q.set(name, o.value); else q.delete(name);
            q.delete("cursor");
            onQuery(q);
          },
        },
        o.label,
      ),
    ),
  );
}
