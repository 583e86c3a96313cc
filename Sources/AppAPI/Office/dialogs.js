// Dialogs: the inbox (state tabs, mine / unassigned, search, unread badges, waiting time, keyset
// "load more", all in the URL) beside one conversation (a bubble for every kind of message,
// delivery states, state and assignee, the composer with attachments), kept live by the long
// poll of `dialog-updates`. On a phone the list and the conversation are two steps.
import { h, mount, toast } from "./dom.js";
import { t, duration, number, locale } from "./i18n.js";
import { api, staffPath, session, hooks } from "./api.js";
import { errorBox, describe } from "./errors.js";
import { can } from "./roles.js";
import { setQuery } from "./app.js";
import { personName } from "./people.js";

const STATES = ["open", "pending", "closed", "all"];
/** The reply API's limits (ReplyFile.maxBytes, Telegram's text and caption lengths). */
const MAX_UPLOAD = 700000, MAX_TEXT = 4096, MAX_CAPTION = 1024;
const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];
/** Seconds a poll waits on the server (its maximum is 25). */
const WAIT = 25;
const PAGE = 30;

/** The last list shown, so that opening a conversation redraws the list at once. */
let listCache = null;
/** Who may answer, per tenant: { at, names: Map(reference → name), list }. */
const assigneeCache = new Map();
/** The running live loop: one while a Dialogs screen is open, kept from list to conversation. */
let live = null;

function me() { return session.current?.staff?.id ? `staff_person:${session.current.staff.id}` : null; }
function secondsSince(iso) { return Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000)); }
function badge(text, kind = "", attrs = {}) { return h("span", { class: ["badge", kind], ...attrs }, text); }

/** Today's times as 14:05, older ones as a short date. */
function shortTime(iso) {
  if (!iso) return "";
  const at = new Date(iso);
  const today = new Date().toDateString() === at.toDateString();
  return new Intl.DateTimeFormat(locale(), today ? { timeStyle: "short" } : { dateStyle: "short", timeStyle: "short" }).format(at);
}

/** 1536 → "1.5 KB" in the locale. */
function bytes(n) {
  const units = [["megabyte", 1 << 20], ["kilobyte", 1 << 10]];
  for (const [unit, size] of units) {
    if (n >= size) return new Intl.NumberFormat(locale(), { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(n / size);
  }
  return new Intl.NumberFormat(locale(), { style: "unit", unit: "byte", unitDisplay: "short" }).format(n);
}

/** A random client_id (crypto.randomUUID needs a secure context; getRandomValues does not). */
function newClientID() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The list's filters from the URL, as the staff API takes them. */
function listParams(query) {
  const params = new URLSearchParams({ limit: String(PAGE) });
  const state = query.get("state") || "open";
  if (state !== "all" && STATES.includes(state)) params.set("state", state);
  const assignee = query.get("assignee");
  if (assignee === "me" || assignee === "none") params.set("assignee", assignee);
  const q = (query.get("q") || "").trim().slice(0, 100);
  if (q) params.set("q", q);
  if (query.get("sort") === "waiting") params.set("sort", "waiting");
  return params;
}

function queryText(query) {
  const text = query.toString();
  return text ? "?" + text : "";
}

async function assignees(tenant) {
  const cached = assigneeCache.get(tenant);
  if (cached && Date.now() - cached.at < 60000) return cached;
  let list = [];
  try { list = (await api("GET", staffPath(tenant, "dialog-assignees"))).assignees; } catch { list = []; }
  const entry = { at: Date.now(), list, names: new Map(list.map((a) => [a.id, a.name])) };
  assigneeCache.set(tenant, entry);
  return entry;
}

/** A staff reference in words: the name, "me", or a generic label. */
function staffName(reference, people) {
  if (!reference) return t("dialogs.bot");
  if (reference === me()) return t("dialogs.me");
  const name = people?.names.get(reference);
  if (name) return name;
  return reference.startsWith("staff_token:") ? t("dialogs.apiToken", { id: reference.slice(12) }) : t("dialogs.staff");
}

/** A message in one line, for the list. */
function previewText(message) {
  if (!message) return "";
  const text = message.text ? message.text.replace(/\s+/g, " ") : t("dialogs.kind." + message.kind);
  return message.direction === "out" ? t("dialogs.youWrote", { text }) : text;
}

// ---- The live loop -------------------------------------------------------------------------

/**
 * Polls `dialog-updates` while the attached screen's `root` is on the page: `ready` resolves once
 * the starting point is known (so nothing that arrives while the screen loads is missed), the
 * screen's `update(messages)` runs after every answer. Going from the list to a conversation
 * attaches the new screen to the same loop: a poll dropped on every click would stay parked on
 * the server until its deadline. Errors back off (1 s doubling to 30 s);
 * coming back (tab shown, network back, a gap in the clock after the laptop slept) drops a
 * hanging poll and polls at once.
 */
function startLive(tenant) {
  let stopped = false, after = null, failures = 0, controller = null, kicked = false, timer = null, wake = null;
  let screen = null;
  let markReady;
  const ready = new Promise((resolve) => { markReady = resolve; });
  const observer = new MutationObserver(() => { if (!screen?.root.isConnected) stop(); });
  observer.observe(document.getElementById("app"), { childList: true, subtree: true });
  const kick = () => {
    if (stopped || document.visibilityState === "hidden") return;
    kicked = true;
    failures = 0;
    controller?.abort();
    clearTimeout(timer);
    wake?.();
  };
  let tick = Date.now();
  const clock = setInterval(() => {
    const now = Date.now();
    if (now - tick > 20000) kick();  // the timers stopped: the machine slept
    tick = now;
  }, 5000);
  document.addEventListener("visibilitychange", kick);
  window.addEventListener("online", kick);
  function stop() {
    if (stopped) return;
    stopped = true;
    controller?.abort();
    clearTimeout(timer);
    clearInterval(clock);
    wake?.();
    observer.disconnect();
    document.removeEventListener("visibilitychange", kick);
    window.removeEventListener("online", kick);
    markReady();
  }
  const sleep = (ms) => new Promise((resolve) => { wake = resolve; timer = setTimeout(resolve, ms); });

  async function poll(path, signal) {
    const response = await fetch(path, { headers: { Accept: "application/json" }, credentials: "same-origin", signal, cache: "no-store" });
    if (response.status === 401) { stop(); hooks.onSignedOut("session_expired"); throw new Error("signed out"); }
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  (async () => {
    while (!stopped) {
      controller = new AbortController();
      const quick = screen?.busy() ?? false;
      const wait = after === null || quick ? 0 : WAIT;
      const watchdog = setTimeout(() => controller.abort(), (wait + 15) * 1000);
      try {
        const first = after === null;
        const path = staffPath(tenant, "dialog-updates" + (first ? "" : `?after=${after}&wait=${wait}`));
        const page = await poll(path, controller.signal);
        clearTimeout(watchdog);
        if (stopped) break;
        after = page.next_after;
        const recovered = failures > 0;
        failures = 0;
        if (first) markReady();
        // A start found only after failures may have missed messages: reload what is shown.
        if (!first || recovered) await screen?.update(page.messages, { resync: first });
        if (page.messages.length >= 100) continue;
        if (wait > 0 && !page.waited && page.messages.length === 0) await sleep(3000);  // the server parks no more polls
        else if (quick) await sleep(1500);  // replies on their way: look again soon
      } catch {
        clearTimeout(watchdog);
        if (stopped) break;
        markReady();
        if (kicked) { kicked = false; continue; }
        failures++;
        await sleep(Math.min(30000, 1000 * 2 ** Math.min(failures - 1, 5)));
      }
    }
  })();
  return {
    tenant, ready,
    get stopped() { return stopped; },
    attach(next) { screen = next; },
    stop,
  };
}

// ---- The screen ----------------------------------------------------------------------------

/** `/office/{tenant}/dialogs` and `/office/{tenant}/dialogs/{id}`: the list, and the conversation beside it. */
export function dialogsScreen(tenant, id, query) {
  const root = h("div", { class: ["dialogs", id ? "has-conversation" : ""], "data-screen": "dialogs" });
  const list = inboxList(tenant, id, query);
  const thread = id ? conversation(tenant, id, query, list) : null;
  mount(root,
    h("section", { class: "dialogs-list", "aria-label": t("dialogs.listLabel") }, list.element),
    h("section", { class: "dialogs-thread", "aria-label": t("dialogs.threadLabel") },
      thread ? thread.element : h("div", { class: "empty dialogs-pick" }, t("dialogs.pick"))));
  if (!live || live.stopped || live.tenant !== tenant) {
    live?.stop();
    live = startLive(tenant);
  }
  live.attach({
    root,
    busy: () => thread?.busy() ?? false,
    update: async (messages, { resync }) => {
      if (messages.length || resync) list.refresh();
      if (thread) await thread.update(messages, resync);
    },
  });
  live.ready.then(() => { list.load(); thread?.load(); });
  return root;
}

/** The list pane: tabs, filters, search, rows, "load more". */
function inboxList(tenant, activeID, query) {
  const state = STATES.includes(query.get("state")) ? query.get("state") : "open";
  const key = `${me()}|${tenant}?${listParams(query)}`;
  const rows = h("ul", { class: "conversations", "data-list": "conversations" });
  const status = h("div", { class: "list-status" });
  const more = h("button", { type: "button", class: "button wide", hidden: true, "data-action": "more" }, t("common.loadMore"));
  let shown = [], next = null, people = null;

  const change = (name, value) => {
    const q = new URLSearchParams(query);
    if (value) q.set(name, value); else q.delete(name);
    setQuery(q);
  };
  const tabs = h("div", { class: "chips dialog-tabs", role: "group", "aria-label": t("dialogs.stateFilter") },
    STATES.map((s) => h("button", { type: "button", class: ["chip", s === state ? "on" : ""], "aria-pressed": String(s === state), "data-state": s,
      onclick: () => change("state", s === "open" ? "" : s) }, t("dialogs.tab." + s))));
  const assignee = query.get("assignee") || "";
  const filters = h("div", { class: "chips", role: "group", "aria-label": t("dialogs.assigneeFilter") },
    [["", "dialogs.filter.all"], ["me", "dialogs.filter.mine"], ["none", "dialogs.filter.unassigned"]].map(([value, label]) =>
      h("button", { type: "button", class: ["chip", value === assignee ? "on" : ""], "aria-pressed": String(value === assignee), "data-assignee": value || "all",
        onclick: () => change("assignee", value) }, t(label))));
  const sort = h("select", { "aria-label": t("dialogs.sort"), "data-field": "sort", onchange: (e) => change("sort", e.target.value) },
    h("option", { value: "", selected: query.get("sort") !== "waiting" }, t("dialogs.sort.last")),
    h("option", { value: "waiting", selected: query.get("sort") === "waiting" }, t("dialogs.sort.waiting")));
  const search = h("form", { class: "dialog-search", role: "search", "data-form": "dialog-search",
    onsubmit: (e) => { e.preventDefault(); change("q", e.currentTarget.elements.q.value.trim()); } },
    h("input", { type: "search", name: "q", value: query.get("q") || "", placeholder: t("dialogs.search"), "aria-label": t("dialogs.search"), maxlength: 100 }),
    h("button", { type: "submit", class: "button" }, t("people.find")));

  function row(c) {
    const p = c.participant;
    const active = String(c.id) === String(activeID);
    return h("li", {}, h("a", {
      href: `/office/${tenant}/dialogs/${c.id}${queryText(query)}`, class: ["conversation", active ? "active" : "", c.unread_count ? "unread" : ""],
      "data-conversation": c.id, "aria-current": active ? "page" : null,
    },
    h("span", { class: "conversation-top" },
      h("strong", { class: "conversation-name" }, personName(p) || "#" + p.id),
      h("time", { class: "muted", datetime: c.last_message_at }, shortTime(c.last_message_at))),
    h("span", { class: "conversation-preview" }, previewText(c.last_message)),
    h("span", { class: "conversation-meta" },
      c.unread_count ? h("span", { class: "unread-badge", "data-unread": c.unread_count, title: t("dialogs.unread", { n: c.unread_count }) }, number(c.unread_count)) : null,
      c.waiting_since ? badge(t("dialogs.waiting", { time: duration(secondsSince(c.waiting_since)) }), "warn", { "data-waiting": "" }) : null,
      state === "all" || c.state !== state ? badge(t("dialogs.state." + c.state), c.state === "closed" ? "" : "pending") : null,
      c.assignee ? badge(staffName(c.assignee, people), "", { "data-assigned": c.assignee }) : null,
      p.reachable ? null : badge(t("dialogs.blocked"), "refunded"))));
  }

  function draw() {
    mount(rows, shown.map(row));
    mount(status);
    if (!shown.length) {
      const text = query.get("q") ? t("dialogs.empty.search") : state === "open" && !assignee ? t("dialogs.empty.open") : t("dialogs.empty.filtered");
      mount(status, h("div", { class: "empty", "data-empty": "" }, text));
    }
    more.hidden = !next;
  }

  async function fetchPage(cursor) {
    const params = listParams(query);
    if (cursor) params.set("cursor", cursor);
    return api("GET", staffPath(tenant, "dialogs?" + params));
  }

  async function load() {
    if (!people) people = await assignees(tenant);
    try {
      const page = await fetchPage(null);
      shown = page.conversations;
      next = page.next_cursor;
      listCache = { key, shown, next };
      draw();
    } catch (error) {
      if (!shown.length) { mount(rows); mount(status, errorBox(error, load)); }
    }
  }

  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const page = await fetchPage(next);
      const seen = new Set(shown.map((c) => c.id));
      shown = shown.concat(page.conversations.filter((c) => !seen.has(c.id)));
      next = page.next_cursor;
      listCache = { key, shown, next };
      draw();
    } catch (error) { toast(describe(error), "error"); } finally { more.disabled = false; }
  });

  if (listCache?.key === key) { shown = listCache.shown; next = listCache.next; draw(); }
  else mount(rows, Array.from({ length: 4 }, () => h("li", { class: "conversation", "aria-hidden": "true" }, h("span", { class: "skeleton" }), h("span", { class: "skeleton" }))));

  /** The first page again (new messages reorder the list); pages loaded with "load more" are dropped. */
  let refreshing = null;
  const refresh = () => { refreshing ??= load().finally(() => { refreshing = null; }); return refreshing; };

  const element = h("div", { class: "dialogs-list-inner" },
    h("div", { class: "page-head" }, h("h1", {}, t("nav.dialogs")),
      // The forum card is where owners link the staff group; others have nothing to do there.
      can("write.staff") ? h("div", { class: "actions" }, h("a", { href: `/office/${tenant}/dialogs/forum`, class: "button", "data-link": "forum" }, t("dialogs.forumLink"))) : null),
    tabs, h("div", { class: "inline dialog-filters" }, filters, sort), search,
    h("nav", { "aria-label": t("dialogs.listLabel") }, rows), status, more);
  return { element, load, refresh, update(c) { shown = shown.map((x) => (x.id === c.id ? c : x)); if (listCache?.key === key) listCache.shown = shown; draw(); } };
}

// ---- One conversation ----------------------------------------------------------------------

function conversation(tenant, id, query, list) {
  const writable = can("write.dialogs");
  const path = (rest = "") => staffPath(tenant, `dialogs/${id}${rest}`);
  const element = h("div", { class: "thread", "data-conversation": id }, h("p", { class: "muted thread-loading" }, t("app.loading")));
  const head = h("div", { class: "thread-head" });
  const banner = h("div", { class: "thread-banner" });
  const log = h("ol", { class: "messages", role: "log", "aria-live": "polite", "aria-label": t("dialogs.messages"), tabindex: "0" });
  const earlier = h("button", { type: "button", class: "button small earlier", hidden: true, "data-action": "earlier" }, t("dialogs.earlier"));
  const messages = new Map();
  const drawn = new Map();  // id → [json, element]: only changed bubbles are redrawn (images stay loaded)
  let convo = null, people = null, older = null;

  const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 80;

  function drawHead() {
    const p = convo.participant;
    const controls = writable ? [stateSelect(), assigneeSelect()] : [
      badge(t("dialogs.state." + convo.state), "", { "data-state-badge": convo.state }),
      badge(convo.assignee ? staffName(convo.assignee, people) : t("dialogs.nobody")),
    ];
    mount(head,
      h("a", { href: `/office/${tenant}/dialogs${queryText(query)}`, class: "button small thread-back", "data-action": "back" }, "← ", t("dialogs.back")),
      h("div", { class: "thread-title" },
        h("a", { href: `/office/${tenant}/participants/${p.id}`, class: "thread-name", "data-participant": p.id }, personName(p) || "#" + p.id),
        convo.waiting_since ? h("span", { class: "muted" }, t("dialogs.waiting", { time: duration(secondsSince(convo.waiting_since)) })) : null),
      h("div", { class: "thread-controls" }, controls));
    mount(banner, p.reachable ? null : h("p", { class: "notice notice-error", role: "status", "data-unreachable": "" }, t("dialogs.unreachable")));
  }

  async function patch(body) {
    try {
      convo = (await api("PATCH", path(), body)).conversation;
      toast(t("common.saved"));
      list.update(convo);
    } catch (error) { toast(describe(error), "error"); }
    drawHead();
  }

  function stateSelect() {
    return h("label", { class: "thread-field" }, t("dialogs.stateLabel"),
      h("select", { "data-field": "state", onchange: (e) => patch({ state: e.target.value }) },
        ["open", "pending", "closed"].map((s) => h("option", { value: s, selected: convo.state === s }, t("dialogs.state." + s)))));
  }

  function assigneeSelect() {
    const mine = me();
    const options = [h("option", { value: "", selected: !convo.assignee }, t("dialogs.nobody"))];
    if (mine) options.push(h("option", { value: mine, selected: convo.assignee === mine }, t("dialogs.toMe")));
    for (const a of people?.list ?? []) {
      if (a.id === mine || a.kind !== "person") continue;
      options.push(h("option", { value: a.id, selected: convo.assignee === a.id }, a.name || t("dialogs.staff")));
    }
    if (convo.assignee && !options.some((o) => o.value === convo.assignee)) {
      options.push(h("option", { value: convo.assignee, selected: true }, staffName(convo.assignee, people)));
    }
    return h("label", { class: "thread-field" }, t("dialogs.assignee"),
      h("select", { "data-field": "assignee", onchange: (e) => patch({ assignee: e.target.value || null }) }, options));
  }

  function drawMessages() {
    const stick = atBottom() || drawn.size === 0;
    const ordered = [...messages.values()].sort((a, b) => a.id - b.id);
    let previous = null;
    if (ordered.length) log.querySelector(".empty")?.remove();
    for (const m of ordered) {
      const json = JSON.stringify(m);
      let entry = drawn.get(m.id);
      if (!entry || entry[0] !== json) {
        const el = bubble(tenant, id, m, people);
        if (entry) entry[1].replaceWith(el);
        entry = [json, el];
        drawn.set(m.id, entry);
      }
      const el = entry[1];
      const place = previous ? previous.nextSibling : log.firstChild;
      if (place !== el) log.insertBefore(el, place);
      previous = el;
    }
    if (!ordered.length) mount(log, h("li", { class: "empty" }, t("dialogs.noMessages")));
    earlier.hidden = !older;
    if (stick) log.scrollTop = log.scrollHeight;
  }

  function merge(items) { for (const m of items) messages.set(m.id, m); }

  async function markRead() {
    if (!writable || !convo?.unread_count || document.visibilityState === "hidden") return;
    try { convo = (await api("POST", path("/read"), {})).conversation; list.update(convo); } catch { /* shown unread; tried again next time */ }
  }

  async function load() {
    try {
      people = await assignees(tenant);
      const [c, page] = await Promise.all([api("GET", path()), api("GET", path("/messages?limit=50"))]);
      convo = c.conversation;
      merge(page.messages);
      older = page.next_cursor;
      const box = h("div", { class: "messages-wrap" }, earlier, log);
      mount(element, head, banner, box, writable ? composer(send) : h("p", { class: "muted read-only", "data-read-only": "" }, t("dialogs.readOnly")));
      drawHead();
      drawMessages();
      await markRead();
    } catch (error) {
      mount(element, errorBox(error, load));
    }
  }

  earlier.addEventListener("click", async () => {
    earlier.disabled = true;
    const height = log.scrollHeight;
    try {
      const page = await api("GET", path(`/messages?limit=50&cursor=${encodeURIComponent(older)}`));
      merge(page.messages);
      older = page.next_cursor;
      drawMessages();
      log.scrollTop = log.scrollHeight - height;  // stay where the reader was
    } catch (error) { toast(describe(error), "error"); } finally { earlier.disabled = false; }
  });

  async function send(body) {
    const reply = await api("POST", path("/messages"), body);
    messages.set(reply.message.id, reply.message);
    drawMessages();
    log.scrollTop = log.scrollHeight;
    return reply;
  }

  const busy = () => [...messages.values()].some((m) => m.delivery?.state === "queued");

  /** After each poll: this conversation's new messages, its header, delivery states of replies on their way. */
  async function update(feed, resync) {
    if (!convo) return;
    const mine = feed.filter((m) => String(m.conversation_id) === String(id));
    try {
      const refresh = resync || busy() || mine.length;
      const [c, page] = await Promise.all([api("GET", path()), refresh ? api("GET", path("/messages?limit=50")) : null]);
      convo = c.conversation;
      if (page) merge(page.messages);
      else merge(mine);
      drawHead();
      drawMessages();
      await markRead();  // what arrived while it was open (or while the tab was hidden) is read now
    } catch { /* the loop tries again */ }
  }

  return { element, load, update, busy };
}

/** One message: its content by kind, then author, time and delivery state. */
function bubble(tenant, conversationID, m, people) {
  const out = m.direction === "out";
  const a = m.attachment || {};
  const file = staffPath(tenant, `dialogs/${conversationID}/messages/${m.id}/file`);
  const caption = m.text && m.kind !== "text" && m.kind !== "sticker" ? h("div", { class: "bubble-text" }, m.text) : null;
  const unavailable = (el, label) => el.addEventListener("error", () => el.replaceWith(h("span", { class: "bubble-missing", "data-file-missing": "" }, t("dialogs.fileMissing", { what: label }))));
  let content;
  switch (m.kind) {
    case "text":
      content = h("div", { class: "bubble-text" }, m.text);
      break;
    case "photo": {
      const img = h("img", { src: file, alt: m.text || t("dialogs.kind.photo"), loading: "lazy", width: a.width, height: a.height, "data-photo": "" });
      unavailable(img, t("dialogs.kind.photo"));
      content = [h("a", { href: file, target: "_blank", rel: "noopener", class: "bubble-photo", title: t("dialogs.openPhoto") }, img), caption];
      break;
    }
    case "sticker": {
      const img = h("img", { src: file, alt: a.emoji || t("dialogs.kind.sticker"), class: "sticker", loading: "lazy", "data-sticker": "" });
      img.addEventListener("error", () => img.replaceWith(h("span", { class: "sticker-emoji", title: t("dialogs.kind.sticker") }, a.emoji || t("dialogs.kind.sticker"))));
      content = img;
      break;
    }
    case "voice":
      content = [h("audio", { controls: true, preload: "none", src: file, "aria-label": t("dialogs.kind.voice"), "data-voice": "" }),
        a.duration ? h("span", { class: "muted" }, duration(a.duration)) : null, caption];
      break;
    case "document":
    case "video":
      content = [h("a", { href: file, download: a.file_name || "", class: "bubble-file", "data-file": m.kind },
        h("span", { "aria-hidden": "true" }, m.kind === "video" ? "▶ " : "↓ "), a.file_name || t("dialogs.kind." + m.kind),
        a.file_size ? h("span", { class: "muted" }, " · " + bytes(a.file_size)) : null,
        m.kind === "video" && a.duration ? h("span", { class: "muted" }, " · " + duration(a.duration)) : null), caption];
      break;
    case "contact":
      content = h("div", { class: "bubble-contact", "data-contact": "" },
        h("strong", {}, [a.first_name, a.last_name].filter(Boolean).join(" ") || t("dialogs.kind.contact")),
        a.phone_number ? h("a", { href: "tel:" + a.phone_number }, a.phone_number) : null);
      break;
    default:
      content = h("div", { class: "bubble-unsupported", "data-unsupported": "" }, t("dialogs.unsupported"),
        Array.isArray(a.keys) && a.keys.length ? h("span", { class: "muted" }, " (" + a.keys.join(", ") + ")") : null);
  }
  const d = m.delivery;
  return h("li", { class: ["bubble", out ? "out" : "in", d?.state === "failed" ? "failed" : ""], "data-message": m.id, "data-kind": m.kind, "data-direction": m.direction },
    content,
    h("div", { class: "bubble-meta" },
      out ? h("span", { class: "bubble-author" }, staffName(m.author, people)) : null,
      h("time", { datetime: m.created_at }, shortTime(m.created_at)),
      out && d ? h("span", { class: ["delivery", d.state], "data-delivery": d.state, title: d.error || null },
        d.state === "failed" ? t("dialogs.delivery.failed", { reason: d.error || "" }) : d.state === "queued" && d.error ? t("dialogs.delivery.retrying") : t("dialogs.delivery." + d.state)) : null));
}

/** The composer: Enter sends, Shift+Enter breaks the line; one photo or document at most. */
function composer(send) {
  let clientID = newClientID(), file = null, busy = false;
  const text = h("textarea", { name: "text", rows: 2, maxlength: MAX_TEXT, placeholder: t("dialogs.placeholder"), "aria-label": t("dialogs.reply") });
  const input = h("input", { type: "file", name: "file", class: "visually-hidden", tabindex: "-1", "aria-hidden": "true" });
  const chosen = h("span", { class: "composer-file" });
  const problem = h("div", { class: "composer-problem" });
  const submit = h("button", { type: "submit", class: "button primary", "data-action": "send" }, t("dialogs.send"));
  // A new text or file is a new message; the same one sent again (double click, retry) keeps its id.
  const changed = () => { clientID = newClientID(); mount(problem); };
  text.addEventListener("input", changed);
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  const drawFile = () => mount(chosen, file ? [h("span", {}, file.name, " · ", bytes(file.size)),
    h("button", { type: "button", class: "tag-remove", "aria-label": t("dialogs.removeFile"), title: t("dialogs.removeFile"), onclick: () => { file = null; input.value = ""; changed(); drawFile(); } }, "×")] : null);
  input.addEventListener("change", () => {
    changed();
    const picked = input.files[0] || null;
    if (picked && picked.size > MAX_UPLOAD) {
      file = null;
      input.value = "";
      mount(problem, h("p", { class: "notice notice-error", role: "alert" }, t("dialogs.tooBig", { size: bytes(picked.size), max: bytes(MAX_UPLOAD) })));
    } else file = picked;
    drawFile();
  });
  const form = h("form", { class: "composer", "data-form": "reply", "data-keep-clear": "", onsubmit: async (e) => {
    e.preventDefault();
    if (busy) return;
    const value = text.value;
    if (!value.trim() && !file) { mount(problem, h("p", { class: "notice notice-error", role: "alert" }, t("dialogs.nothing"))); return; }
    if (file && value.length > MAX_CAPTION) { mount(problem, h("p", { class: "notice notice-error", role: "alert" }, t("dialogs.captionTooLong", { max: number(MAX_CAPTION) }))); return; }
    busy = true;
    submit.disabled = true;
    try {
      const body = { client_id: clientID };
      if (value.trim()) body.text = value;
      if (file) {
        const type = /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(file.type) ? file.type : undefined;
        body[PHOTO_TYPES.includes(type) ? "photo" : "document"] = { base64: await base64(file), file_name: file.name, mime_type: type };
      }
      await send(body);
      text.value = "";
      file = null;
      input.value = "";
      drawFile();
      changed();
    } catch (error) {
      mount(problem, errorBox(error));
    } finally {
      busy = false;
      submit.disabled = false;
      text.focus();
    }
  } },
  problem,
  h("div", { class: "composer-row" }, text,
    h("div", { class: "composer-actions" },
      h("button", { type: "button", class: "button", "data-action": "attach", onclick: () => input.click(), title: t("dialogs.attachHint", { max: bytes(MAX_UPLOAD) }) }, "+ ", t("dialogs.attach")),
      submit)),
  h("div", { class: "composer-foot" }, input, chosen, h("small", { class: "hint" }, t("dialogs.keys"), " · ", t("dialogs.attachHint", { max: bytes(MAX_UPLOAD) }))));
  return form;
}

function base64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
