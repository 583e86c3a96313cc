// News and Events: lists, create and edit forms, delete with confirmation, registrations.
import { h, mount, toast, confirmDialog } from "./dom.js";
import { t, dateTime, number } from "./i18n.js";
import { api, staffPath } from "./api.js";
import { errorBox, describe } from "./errors.js";
import { dataTable, filterChips } from "./table.js";
import { field, showProblems, toLocalInput, fromLocalInput } from "./form.js";
import { navigate, setQuery } from "./app.js";
import { can } from "./roles.js";

function head(title, ...actions) { return h("div", { class: "page-head" }, h("h1", {}, title), h("div", { class: "actions" }, actions)); }
function badge(text, kind = "") { return h("span", { class: ["badge", kind] }, text); }
function link(href, text, attrs = {}) { return h("a", { href, ...attrs }, text); }
/** Makes `form` read-only (its inputs disabled) for a role that may not change what it shows. */
function readOnly(form) {
  for (const el of form.elements) el.disabled = true;
  form.dataset.readonly = "";
  return form;
}
/** Whether the person changed the field `name` of `form` since it was filled. */
function changed(form, name) { const input = form.elements[name]; return input.value !== input.defaultValue; }

/** Submits `form` as `method path` with `body(form)`; shows the server's problems in place. */
function saveForm(form, slot, send) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    mount(slot);
    try { await send(); } catch (error) { if (!showProblems(form, error)) mount(slot, errorBox(error)); } finally { button.disabled = false; }
  });
  return form;
}

async function destroy({ title, text, path, done }) {
  if (!(await confirmDialog({ title, text, confirm: t("common.delete"), cancel: t("common.cancel") }))) return;
  try { await api("DELETE", path); toast(t("common.deleted")); done(); } catch (error) { toast(describe(error), "error"); }
}

// MARK: news

export function newsList(tenant, query) {
  const table = dataTable({
    query, onQuery: setQuery, caption: t("news.title"), empty: [t("news.empty"), " ", can("write.content") ? link(`/office/${tenant}/news/new`, t("news.new")) : null],
    columns: [
      // Pages come in the feed's order through the server's cursor: no column sorts only the loaded rows.
      { key: "title", label: t("news.col.title"), cell: (p) => [link(`/office/${tenant}/news/${p.id}`, p.title, { "data-post": p.id }), p.pinned ? badge(t("news.pinned")) : null] },
      { key: "section", label: t("news.col.section"), cell: (p) => p.section },
      { key: "status", label: t("news.col.status"), cell: (p) => badge(t("news.status." + p.status), p.status === "published" ? "ok" : "") },
      { key: "publish_at", label: t("news.col.publishAt"), cell: (p) => dateTime(p.publish_at) },
      { key: "views", label: t("news.col.views"), cell: (p) => number(p.views ?? 0) },
    ],
    fetch: async (q, cursor) => {
      const params = new URLSearchParams({ limit: "20" });
      if (q.get("section")) params.set("section", q.get("section"));
      if (cursor) params.set("cursor", cursor);
      const page = await api("GET", staffPath(tenant, "news?" + params));
      return { rows: page.posts, next: page.next_cursor };
    },
  });
  return h("div", { "data-screen": "news" }, head(t("news.title"), can("write.content") ? link(`/office/${tenant}/news/new`, t("news.new"), { class: "button primary", "data-action": "new-post" }) : null), table);
}

export function newsForm(tenant, id) {
  const box = h("div", { "data-screen": id ? "news-edit" : "news-new" }, h("p", { class: "muted" }, t("app.loading")));
  const build = (post) => {
    const slot = h("div", { class: "form-slot" });
    const form = h("form", { class: "stack card", "data-form": "post", novalidate: true },
      field({ label: t("news.col.title"), name: "title", value: post?.title, required: true }),
      field({ label: t("news.body"), name: "body", type: "textarea", value: post?.body }),
      field({ label: t("news.col.section"), name: "section", value: post?.section, hint: id ? null : t("news.sectionHint") }),
      field({ label: t("news.categories"), name: "categories", value: (post?.categories || []).join(", ") }),
      field({ label: t("news.imageURL"), name: "image_url", type: "url", value: post?.image_url }),
      field({ label: t("news.col.publishAt"), name: "publish_at", type: "datetime-local", value: toLocalInput(post?.publish_at), hint: t("news.publishHint") }),
      field({ label: t("news.pinned"), name: "pinned", type: "checkbox", value: post?.pinned }),
      h("div", { class: "actions" }, can("write.content") ? h("button", { type: "submit", class: "button primary", "data-action": "save" }, t("common.save")) : null, link(`/office/${tenant}/news`, t(can("write.content") ? "common.cancel" : "common.back"), { class: "button" }),
        id && can("delete.content") ? h("button", { type: "button", class: "button danger", "data-action": "delete",
          onclick: () => destroy({ title: t("news.deleteTitle"), text: t("news.deleteText", { title: post.title }), path: staffPath(tenant, "news/" + id), done: () => navigate(`/office/${tenant}/news`) }) }, t("common.delete")) : null));
    saveForm(form, slot, async () => {
      const f = new FormData(form);
      const body = { title: f.get("title"), body: f.get("body") || "", categories: String(f.get("categories") || "").split(",").map((c) => c.trim()).filter(Boolean), pinned: form.elements.pinned.checked };
      if (f.get("section")) body.section = f.get("section");
      body.image_url = f.get("image_url") || null;
      // The input holds minutes: an untouched time is not sent, so editing keeps the exact instant.
      if (changed(form, "publish_at") && f.get("publish_at")) body.publish_at = fromLocalInput(f.get("publish_at"));
      await api(id ? "PATCH" : "POST", staffPath(tenant, id ? "news/" + id : "news"), body);
      toast(t("common.saved"));
      navigate(`/office/${tenant}/news`);
    });
    if (!can("write.content")) readOnly(form);
    mount(box, head(id ? t("news.edit") : t("news.new")), slot, form);
  };
  if (id) api("GET", staffPath(tenant, "news/" + id)).then((r) => build(r.post), (error) => mount(box, errorBox(error)));
  else build(null);
  return box;
}

// MARK: events

export function eventsList(tenant, query) {
  const when = query.get("when") === "past" ? "past" : "upcoming";
  const table = dataTable({
    query, onQuery: setQuery, caption: t("events.title"), empty: [t("events.empty"), " ", can("write.content") ? link(`/office/${tenant}/events/new`, t("events.new")) : null],
    columns: [
      { key: "title", label: t("events.col.title"), sort: (e) => e.title.toLowerCase(), cell: (e) => link(`/office/${tenant}/events/${e.id}`, e.title, { "data-event": e.id }) },
      { key: "starts_at", label: t("events.col.startsAt"), sort: (e) => e.starts_at, cell: (e) => dateTime(e.starts_at) },
      { key: "place", label: t("events.col.place"), cell: (e) => e.place ?? t("common.none") },
      { key: "seats", label: t("events.col.seats"), sort: (e) => e.seats_taken, cell: (e) => link(`/office/${tenant}/events/${e.id}/registrations`, e.capacity === null ? number(e.seats_taken) : `${number(e.seats_taken)} / ${number(e.capacity)}`) },
      { key: "price", label: t("events.col.price"), sort: (e) => e.price_stars ?? 0, cell: (e) => (e.price_stars ? t("common.stars", { n: number(e.price_stars) }) : t("events.free")) },
    ],
    fetch: async () => ({ rows: (await api("GET", staffPath(tenant, `events?when=${when}&limit=100`))).events, next: null }),
  });
  return h("div", { "data-screen": "events" },
    head(t("events.title"), can("write.content") ? link(`/office/${tenant}/events/new`, t("events.new"), { class: "button primary", "data-action": "new-event" }) : null),
    filterChips({ name: "when", query: new URLSearchParams({ when }), onQuery: setQuery, label: t("common.filter"), options: [{ value: "upcoming", label: t("events.when.upcoming") }, { value: "past", label: t("events.when.past") }] }),
    table);
}

export function eventForm(tenant, id) {
  const box = h("div", { "data-screen": id ? "event-edit" : "event-new" }, h("p", { class: "muted" }, t("app.loading")));
  const build = (e) => {
    const slot = h("div", { class: "form-slot" });
    const form = h("form", { class: "stack card", "data-form": "event", novalidate: true },
      field({ label: t("events.col.title"), name: "title", value: e?.title, required: true }),
      field({ label: t("events.startsAt"), name: "starts_at", type: "datetime-local", value: toLocalInput(e?.starts_at), required: true }),
      field({ label: t("events.endsAt"), name: "ends_at", type: "datetime-local", value: toLocalInput(e?.ends_at) }),
      field({ label: t("events.place"), name: "place", value: e?.place }),
      field({ label: t("events.link"), name: "link", type: "url", value: e?.link }),
      field({ label: t("events.capacity"), name: "capacity", type: "number", value: e?.capacity_own ?? e?.capacity ?? "", attrs: { min: 1 } }),
      field({ label: t("events.price"), name: "price_stars", type: "number", value: e?.price_stars_own ?? e?.price_stars ?? "", attrs: { min: 1 } }),
      field({ label: t("news.col.section"), name: "section", value: e?.section }),
      field({ label: t("events.description"), name: "description", type: "textarea", value: e?.description }),
      h("div", { class: "actions" }, can("write.content") ? h("button", { type: "submit", class: "button primary", "data-action": "save" }, t("common.save")) : null, link(`/office/${tenant}/events`, t(can("write.content") ? "common.cancel" : "common.back"), { class: "button" }),
        id ? link(`/office/${tenant}/events/${id}/registrations`, t("events.registrations"), { class: "button" }) : null,
        id && can("delete.content") ? h("button", { type: "button", class: "button danger", "data-action": "delete", onclick: () => destroy({ title: t("events.deleteTitle"), text: t("events.deleteText", { title: e.title }), path: staffPath(tenant, "events/" + id), done: () => navigate(`/office/${tenant}/events`) }) }, t("common.delete")) : null));
    saveForm(form, slot, async () => {
      const f = new FormData(form);
      const optionalNumber = (name) => (f.get(name) ? Number(f.get(name)) : null);
      const body = { title: f.get("title"), place: f.get("place") || null, link: f.get("link") || null,
        capacity: optionalNumber("capacity"), price_stars: optionalNumber("price_stars"), description: f.get("description") || "" };
      for (const name of ["starts_at", "ends_at"]) if (!id || changed(form, name)) body[name] = fromLocalInput(f.get(name));
      if (f.get("section")) body.section = f.get("section");
      await api(id ? "PATCH" : "POST", staffPath(tenant, id ? "events/" + id : "events"), body);
      toast(t("common.saved"));
      navigate(`/office/${tenant}/events`);
    });
    if (!can("write.content")) readOnly(form);
    mount(box, head(id ? t("events.edit") : t("events.new")), slot, form);
  };
  if (id) api("GET", staffPath(tenant, "events/" + id)).then((r) => build(r.event), (error) => mount(box, errorBox(error)));
  else build(null);
  return box;
}

export function registrationsScreen(tenant, id, query) {
  const name = (r) => [r.participant?.first_name, r.participant?.last_name].filter(Boolean).join(" ") + (r.participant?.username ? ` @${r.participant.username}` : "");
  let reload = () => {};
  const holder = h("div");
  const build = () => mount(holder, dataTable({
    query, onQuery: setQuery, caption: t("events.registrations"), empty: t("events.registrationsEmpty"),
    columns: [
      { key: "participant", label: t("events.col.participant"), sort: (r) => name(r).toLowerCase(), cell: name },
      { key: "status", label: t("events.col.regStatus"), sort: (r) => r.status, cell: (r) => badge(r.status) },
      { key: "created_at", label: t("events.col.created"), sort: (r) => r.created_at, cell: (r) => dateTime(r.created_at) },
      { key: "price", label: t("events.col.price"), cell: (r) => (r.price_stars ? t("common.stars", { n: number(r.price_stars) }) : t("common.none")) },
      { key: "actions", label: "", cell: (r) => (r.paid_at && !r.refunded_at && can("money.orders") ? h("button", { type: "button", class: "button small danger", "data-action": "refund", onclick: async () => {
        if (!(await confirmDialog({ title: t("events.refundTitle"), text: t("events.refundText", { name: name(r), stars: number(r.price_stars ?? 0) }), confirm: t("events.refund"), cancel: t("common.cancel") }))) return;
        try { await api("POST", staffPath(tenant, `events/${id}/registrations/${r.id}/refund`)); toast(t("events.refunded")); reload(); } catch (error) { toast(describe(error), "error"); }
      } }, t("events.refund")) : null) },
    ],
    fetch: async () => ({ rows: (await api("GET", staffPath(tenant, `events/${id}/registrations`))).registrations, next: null }),
  }));
  reload = build;
  build();
  return h("div", { "data-screen": "registrations" }, head(t("events.registrations"), link(`/office/${tenant}/events/${id}`, t("common.back"), { class: "button" })), holder);
}
