// Participants (search, filters and sort in the URL, keyset pages; a profile with tags, notes,
// ban/unban and the timeline) and the Ban list (bans in force, unban).
import { h, mount, toast, confirmDialog } from "./dom.js";
import { t, dateTime, number } from "./i18n.js";
import { api, staffPath } from "./api.js";
import { errorBox, describe } from "./errors.js";
import { dataTable, filterChips } from "./table.js";
import { render, setQuery } from "./app.js";
import { can } from "./roles.js";

const SORTS = ["-last_seen", "last_seen", "-first_seen", "first_seen", "name"];
/** The list's filters the URL carries to the staff API as they are. */
const FILTERS = ["q", "source", "tag", "language", "reachable", "has_paid", "sort"];
const TAG = /^[a-z0-9][a-z0-9_:-]{0,63}$/;

function head(title, ...actions) { return h("div", { class: "page-head" }, h("h1", {}, title), h("div", { class: "actions" }, actions)); }
function badge(text, kind = "") { return h("span", { class: ["badge", kind] }, text); }
/** A participant's name as text: first and last name, then @username. */
export function personName(p) {
  return [p?.first_name, p?.last_name].filter(Boolean).join(" ") + (p?.username ? ` @${p.username}` : "");
}

export function participantsList(tenant, query) {
  const search = h("form", { class: "inline participants-search", role: "search", "data-form": "participants-search",
    onsubmit: (event) => {
      event.preventDefault();
      const q = new URLSearchParams(query);
      const value = event.currentTarget.elements.q.value.trim();
      if (value) q.set("q", value); else q.delete("q");
      const tag = event.currentTarget.elements.tag.value.trim();
      if (tag) q.set("tag", tag); else q.delete("tag");
      setQuery(q);
    } },
    h("input", { type: "search", name: "q", value: query.get("q") || "", placeholder: t("people.search"), "aria-label": t("people.search"), maxlength: 100 }),
    h("input", { type: "text", name: "tag", value: query.get("tag") || "", placeholder: t("people.tag"), "aria-label": t("people.tag"), maxlength: 64 }),
    h("select", { name: "sort", "aria-label": t("people.sort"), onchange: (e) => { const q = new URLSearchParams(query); q.set("sort", e.target.value); setQuery(q); } },
      SORTS.map((s) => h("option", { value: s, selected: (query.get("sort") || "-last_seen") === s }, t("people.sort." + s)))),
    h("button", { type: "submit", class: "button" }, t("people.find")));
  const table = dataTable({
    query, onQuery: setQuery, caption: t("nav.participants"), empty: t("people.empty"),
    columns: [
      // Keyset pages in the server's order: sorting is the server's (the select above).
      { key: "name", label: t("people.col.name"), cell: (p) => h("a", { href: `/office/${tenant}/participants/${p.id}`, "data-participant": p.id }, personName(p) || "#" + p.id) },
      { key: "tags", label: t("people.col.tags"), cell: (p) => p.tags.map((tag) => badge(tag)) },
      { key: "source", label: t("people.col.source"), cell: (p) => p.source ?? t("common.none") },
      { key: "reachable", label: t("people.col.reachable"), cell: (p) => (p.reachable ? t("common.yes") : badge(t("people.blocked"), "warn")) },
      { key: "first_seen", label: t("people.col.firstSeen"), cell: (p) => dateTime(p.first_seen_at) },
      { key: "last_seen", label: t("people.col.lastSeen"), cell: (p) => dateTime(p.last_seen_at) },
    ],
    fetch: async (q, cursor) => {
      const params = new URLSearchParams({ limit: "50" });
      for (const name of FILTERS) if (q.get(name)) params.set(name, name === "sort" && !SORTS.includes(q.get(name)) ? "-last_seen" : q.get(name));
      if (cursor) params.set("cursor", cursor);
      const page = await api("GET", staffPath(tenant, "participants?" + params));
      return { rows: page.participants, next: page.next_cursor };
    },
  });
  const chips = (name, label) => filterChips({ name, query, onQuery: setQuery, label,
    options: [{ value: "", label: t("common.all") }, { value: "true", label: t(`people.${name}.true`) }, { value: "false", label: t(`people.${name}.false`) }] });
  const exportParams = new URLSearchParams();
  for (const name of FILTERS) if (name !== "sort" && query.get(name)) exportParams.set(name, query.get(name));
  const exportLink = can("export.people")
    ? h("a", { class: "button", "data-action": "export", download: "", href: staffPath(tenant, "participants/export.csv" + (exportParams.toString() ? "?" + exportParams : "")) }, t("people.export"))
    : null;
  return h("div", { "data-screen": "participants" }, head(t("nav.participants"), exportLink), search,
    h("div", { class: "inline" }, chips("reachable", t("people.col.reachable")), chips("has_paid", t("people.hasPaid"))), table);
}

/** One timeline item in words. */
function timelineText(item) {
  switch (item.type) {
    case "navigation": return t("people.tl.navigation", { screen: item.screen ?? "", target: item.target ?? "" });
    case "registration": return t("people.tl.registration", { title: item.event_title ?? "", status: item.status ?? "" });
    case "order": return t("people.tl.order", { id: item.order_id, status: item.status ?? "", total: number(item.total_stars ?? 0) });
    case "payment": return t("people.tl.payment", { amount: number(item.amount ?? 0), currency: item.currency ?? "" });
    case "points": return t("people.tl.points", { amount: number(item.amount ?? 0), reason: item.reason ?? "" });
    case "message": return t(item.direction === "out" ? "people.tl.messageOut" : "people.tl.messageIn", { text: item.text ?? "" });
    default: return item.type;
  }
}

export function participantProfile(tenant, id) {
  const box = h("div", { "data-screen": "participant" }, h("p", { class: "muted" }, t("app.loading")));
  const slot = h("div", { class: "form-slot" });
  const act = async (method, rest, body, done) => {
    mount(slot);
    try { await api(method, staffPath(tenant, `participants/${id}/${rest}`), body); toast(done); render(); } catch (error) { mount(slot, errorBox(error)); }
  };
  Promise.all([api("GET", staffPath(tenant, "participants/" + id)), api("GET", staffPath(tenant, `participants/${id}/bans?limit=1`))]).then(([r, b]) => {
    const p = r.participant;
    const tags = h("div", { class: "card stack", "data-section": "tags" }, h("h2", {}, t("people.col.tags")),
      h("div", { class: "inline" }, p.tags.length ? p.tags.map((tag) => h("span", { class: "badge", "data-tag": tag }, tag, " ",
        !can("write.people") ? null : h("button", { type: "button", class: "tag-remove", "data-action": "remove-tag", "aria-label": t("people.removeTag", { tag }), title: t("people.removeTag", { tag }),
          onclick: () => act("DELETE", "tags/" + encodeURIComponent(tag), undefined, t("people.tagRemoved")) }, "×"))) : h("span", { class: "muted" }, t("people.noTags"))),
      !can("write.people") ? null : h("form", { class: "inline", "data-form": "tag", onsubmit: (event) => {
        event.preventDefault();
        const tag = event.currentTarget.elements.tag.value.trim();
        if (!TAG.test(tag)) { mount(slot, h("p", { class: "notice notice-error", role: "alert" }, t("people.tagInvalid"))); return; }
        act("POST", "tags/" + encodeURIComponent(tag), undefined, t("people.tagAdded"));
      } }, h("input", { type: "text", name: "tag", "aria-label": t("people.addTag"), placeholder: "vip", maxlength: 64, required: true }),
      h("button", { type: "submit", class: "button" }, t("people.addTag"))));
    const ban = b.ban;
    const banCard = h("div", { class: "card stack", "data-section": "ban" }, h("h2", {}, t("people.ban")),
      ban ? [h("p", { class: "notice notice-error", "data-banned": "" }, t(ban.until ? "people.bannedUntil" : "people.bannedForever", { since: dateTime(ban.since), until: dateTime(ban.until), reason: ban.reason })),
        !can("write.people") ? null : h("div", {}, h("button", { type: "button", class: "button", "data-action": "unban", onclick: async () => {
          if (await confirmDialog({ title: t("people.unbanTitle"), text: t("people.unbanText", { name: personName(p) }), confirm: t("people.unban"), cancel: t("common.cancel"), danger: false })) act("DELETE", "ban", {}, t("people.unbanned"));
        } }, t("people.unban")))]
        : !can("write.people") ? h("p", { class: "muted" }, t("people.notBanned")) : h("form", { class: "stack", "data-form": "ban", onsubmit: async (event) => {
          event.preventDefault();
          const reason = event.currentTarget.elements.reason.value.trim();
          if (!reason) { mount(slot, h("p", { class: "notice notice-error", role: "alert" }, t("people.reasonRequired"))); return; }
          if (await confirmDialog({ title: t("people.banTitle"), text: t("people.banText", { name: personName(p), reason }), confirm: t("people.banAction"), cancel: t("common.cancel") })) act("POST", "ban", { reason }, t("people.banned"));
        } }, h("label", {}, t("people.reason"), h("input", { type: "text", name: "reason", maxlength: 500, required: true })),
        h("small", { class: "hint" }, t("people.reasonHint")),
        h("div", {}, h("button", { type: "submit", class: "button danger", "data-action": "ban" }, t("people.banAction")))));
    const notes = h("div", { class: "card stack", "data-section": "notes" }, h("h2", {}, t("people.notes")),
      !can("write.people") ? null : h("form", { class: "stack", "data-form": "note", onsubmit: (event) => {
        event.preventDefault();
        const text = event.currentTarget.elements.text.value.trim();
        if (text) act("POST", "notes", { text }, t("people.noteAdded"));
      } }, h("textarea", { name: "text", rows: 3, maxlength: 4000, "aria-label": t("people.addNote"), required: true }), h("div", {}, h("button", { type: "submit", class: "button" }, t("people.addNote")))),
      p.notes.length ? h("ul", { class: "notes" }, p.notes.map((n) => h("li", { "data-note": n.id }, h("div", { class: "muted" }, `${n.author.name} · ${dateTime(n.created_at)}`), h("div", { class: "note-text" }, n.text))))
        : h("p", { class: "muted" }, t("people.noNotes")));
    const c = p.counts;
    const facts = h("div", { class: "card" }, h("dl", { class: "facts" },
      [["people.telegramId", String(p.telegram_id)], ["people.col.source", p.source ?? t("common.none")], ["people.language", p.language_code ?? t("common.none")],
        ["people.col.firstSeen", dateTime(p.first_seen_at)], ["people.col.lastSeen", dateTime(p.last_seen_at)],
        ["people.col.reachable", p.reachable ? t("common.yes") : t("common.no")],
        ["people.referrer", p.provenance.referrer ? personName(p.provenance.referrer) : t("common.none")],
        ["people.counts.orders", `${number(c.paid_orders)} / ${number(c.orders)}`], ["people.counts.stars", t("common.stars", { n: number(c.stars_paid) })],
        ["people.counts.registrations", number(c.registrations)], ["people.counts.messages", number(c.messages)], ["people.counts.points", number(c.points_balance)]]
        .map(([key, value]) => [h("dt", {}, t(key)), h("dd", {}, value)])));
    const timeline = dataTable({
      query: new URLSearchParams(), onQuery: () => {}, caption: t("people.timeline"), empty: t("people.timelineEmpty"),
      columns: [
        { key: "at", label: t("people.col.at"), cell: (i) => dateTime(i.at) },
        { key: "type", label: t("people.col.type"), cell: (i) => badge(t("people.type." + i.type)) },
        { key: "what", label: t("people.col.what"), cell: timelineText },
      ],
      fetch: async (_, cursor) => {
        const page = await api("GET", staffPath(tenant, `participants/${id}/timeline?limit=50` + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "")));
        return { rows: page.items, next: page.next_cursor };
      },
    });
    mount(box, head(personName(p) || "#" + p.id, h("a", { href: `/office/${tenant}/participants`, class: "button" }, t("common.back"))), slot,
      h("div", { class: "profile-grid" }, facts, tags, banCard, notes), h("h2", {}, t("people.timeline")), timeline);
  }, (error) => mount(box, errorBox(error, render)));
  return box;
}

export function bansList(tenant, query) {
  const holder = h("div");
  const build = () => mount(holder, dataTable({
    query, onQuery: setQuery, caption: t("nav.bans"), empty: t("bans.empty"),
    columns: [
      { key: "participant", label: t("people.col.name"), cell: (b) => h("a", { href: `/office/${tenant}/participants/${b.participant.id}`, "data-participant": b.participant.id }, personName(b.participant) || "#" + b.participant.id) },
      { key: "reason", label: t("people.reason"), cell: (b) => b.reason },
      { key: "since", label: t("bans.col.since"), cell: (b) => dateTime(b.since) },
      { key: "until", label: t("bans.col.until"), cell: (b) => (b.until ? dateTime(b.until) : t("bans.forever")) },
      { key: "actions", label: "", cell: (b) => !can("write.people") ? null : h("button", { type: "button", class: "button small", "data-action": "unban", onclick: async () => {
        if (!(await confirmDialog({ title: t("people.unbanTitle"), text: t("people.unbanText", { name: personName(b.participant) }), confirm: t("people.unban"), cancel: t("common.cancel"), danger: false }))) return;
        try { await api("DELETE", staffPath(tenant, `participants/${b.participant.id}/ban`), {}); toast(t("people.unbanned")); build(); } catch (error) { toast(describe(error), "error"); }
      } }, t("people.unban")) },
    ],
    fetch: async (_, cursor) => {
      const page = await api("GET", staffPath(tenant, "bans?limit=50" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "")));
      return { rows: page.bans, next: page.next_cursor };
    },
  }));
  build();
  return h("div", { "data-screen": "bans" }, head(t("nav.bans")), holder);
}
