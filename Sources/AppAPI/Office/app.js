// The back office: a single page whose router reads location.pathname, so every screen has a
// stable URL and back/forward work. Screens are functions (params, query) → node.
import { h, mount, toast, clearToasts } from "./dom.js";
import { t, setLocale, chooseLocale, locale } from "./i18n.js";
import { api, session, hooks } from "./api.js";
import { errorBox } from "./errors.js";
import { signInScreen, invitationScreen, resetScreen, telegramScreen, tenantsScreen } from "./auth.js";
import { overviewScreen } from "./overview.js";
import { newsList, newsForm, eventsList, eventForm, registrationsScreen } from "./content.js";
import { ordersList, orderDetail, paymentsList } from "./commerce.js";
import { questsScreen, ratingsScreen, slotScreen } from "./gamefi.js";
import { participantsList, participantProfile, bansList } from "./people.js";
import { dialogsScreen } from "./dialogs.js";
import { forumCard } from "./forum.js";
import { contactsList } from "./contacts.js";
import { auditScreen } from "./audit.js";
import { jobsScreen } from "./jobs.js";
import { teamScreen } from "./team.js";
import { telegramMenuItems } from "./telegram-link.js";

/** Navigation entries in order; a tenant's `screens` (from the session) decides which show. */
const NAV = ["overview", "participants", "contacts", "bans", "dialogs", "news", "events", "orders", "payments", "quests", "ratings", "audit", "jobs", "team"];
const ICONS = { overview: "◎", participants: "☺", contacts: "☎", bans: "⊘", dialogs: "✉", news: "✎", events: "◷", orders: "▤", payments: "★", quests: "⚑", ratings: "▲", audit: "☰", jobs: "⚙", team: "♟" };

/** Public screens (no session needed). */
const PUBLIC = [
  [/^\/office\/sign-in$/, () => signInScreen()],
  [/^\/office\/invite\/([^/]+)$/, ([token]) => invitationScreen(token)],
  [/^\/office\/reset\/([^/]+)$/, ([token]) => resetScreen(token)],
  [/^\/office\/telegram\/([^/]+)$/, ([token]) => telegramScreen(token)],
];

/** Tenant screens: pattern after /office/{tenant}, the screen key for the nav and permissions, the builder. */
const TENANT = [
  [/^\/?$/, "overview", (tenant, _, query) => overviewScreen(tenant, query)],
  [/^\/overview$/, "overview", (tenant, _, query) => overviewScreen(tenant, query)],
  [/^\/news$/, "news", (tenant, _, query) => newsList(tenant, query)],
  [/^\/news\/new$/, "news", (tenant) => newsForm(tenant, null)],
  [/^\/news\/(\d+)$/, "news", (tenant, [id]) => newsForm(tenant, id)],
  [/^\/events$/, "events", (tenant, _, query) => eventsList(tenant, query)],
  [/^\/events\/new$/, "events", (tenant) => eventForm(tenant, null)],
  [/^\/events\/(\d+)$/, "events", (tenant, [id]) => eventForm(tenant, id)],
  [/^\/events\/(\d+)\/registrations$/, "events", (tenant, [id], query) => registrationsScreen(tenant, id, query)],
  [/^\/orders$/, "orders", (tenant, _, query) => ordersList(tenant, query)],
  [/^\/orders\/(\d+)$/, "orders", (tenant, [id]) => orderDetail(tenant, id)],
  [/^\/payments$/, "payments", (tenant, _, query) => paymentsList(tenant, query)],
  [/^\/quests$/, "quests", (tenant) => questsScreen(tenant)],
  [/^\/ratings$/, "ratings", (tenant, _, query) => ratingsScreen(tenant, query)],
  [/^\/participants$/, "participants", (tenant, _, query) => participantsList(tenant, query)],
  [/^\/participants\/(\d+)$/, "participants", (tenant, [id]) => participantProfile(tenant, id)],
  [/^\/bans$/, "bans", (tenant, _, query) => bansList(tenant, query)],
  [/^\/dialogs$/, "dialogs", (tenant, _, query) => dialogsScreen(tenant, null, query)],
  [/^\/dialogs\/(\d+)$/, "dialogs", (tenant, [id], query) => dialogsScreen(tenant, id, query)],
  [/^\/dialogs\/forum$/, "dialogs", (tenant) => forumCard(tenant)],
  [/^\/contacts$/, "contacts", (tenant, _, query) => contactsList(tenant, query)],
  [/^\/audit$/, "audit", (tenant, _, query) => auditScreen(tenant, query)],
  [/^\/jobs$/, "jobs", (tenant, _, query) => jobsScreen(tenant, query)],
  [/^\/team$/, "team", (tenant) => teamScreen(tenant)],
  [/^\/(contacts|dialogs|audit)$/, null, (_, [area]) => slotScreen(area)],
];

/** Goes to `path` (a screen URL) and renders it; `replace` keeps history length. */
export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, "", path); else history.pushState(null, "", path);
  render();
}

/** Re-renders the current URL with a changed query string. */
export function setQuery(query) {
  const text = query.toString();
  navigate(location.pathname + (text ? "?" + text : ""));
}

function applyTheme() {
  const saved = localStorage.getItem("office.theme");
  const dark = saved ? saved === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

function toggleTheme() {
  localStorage.setItem("office.theme", document.documentElement.dataset.theme === "dark" ? "light" : "dark");
  applyTheme();
  render();
}

async function toggleLocale() {
  const next = locale() === "ru" ? "en" : "ru";
  localStorage.setItem("office.locale", next);
  setLocale(next);
  clearToasts();
  if (session.current) {
    session.current.staff.locale = next;
    try { await api("PATCH", "/office/api/me", { locale: next }); } catch (error) { toast(errorBox(error).textContent, "error"); }
  }
  render();
}

async function signOut(everywhere) {
  try {
    await api(everywhere ? "POST" : "DELETE", everywhere ? "/office/api/session/sign-out-everywhere" : "/office/api/session");
  } catch { /* signed out either way */ }
  session.current = null;
  navigate("/office/sign-in", { replace: true });
}

/** Loads the session once; null when signed out (or the session API is not there). */
async function loadSession() {
  try {
    session.current = await api("GET", "/office/api/session");
  } catch {
    session.current = null;
  }
  return session.current;
}

function links(extra) {
  return [
    h("button", { type: "button", class: "icon-button", "data-action": "locale", onclick: toggleLocale, title: t("top.language") }, locale() === "ru" ? "EN" : "RU"),
    h(
      "button",
      { type: "button", class: "icon-button", "data-action": "theme", onclick: toggleTheme, title: document.documentElement.dataset.theme === "dark" ? t("top.theme.light") : t("top.theme.dark") },
      document.documentElement.dataset.theme === "dark" ? "☀" : "☾",
    ),
    extra,
  ];
}

/** The frame of signed-out screens: a centred card with the language and theme toggles. */
function publicFrame(content) {
  return h("div", { class: "public" }, h("div", { class: "public-top" }, h("span", { class: "brand" }, t("app.name")), h("div", { class: "top-actions" }, links())), h("main", { id: "main", class: "card public-card", tabindex: "-1" }, content));
}

/** The frame of a tenant's screens: top bar with the tenant switcher, left navigation, content. */
function tenantFrame(membership, active, content) {
  const memberships = session.current.memberships;
  const switcher = h(
    "select",
    { class: "tenant-switcher", "aria-label": t("top.tenant"), onchange: (e) => navigate(`/office/${e.target.value}/`) },
    memberships.map((m) => h("option", { value: m.tenant, selected: m.tenant === membership.tenant }, m.title)),
  );
  const nav = h(
    "nav",
    { class: "sidenav", id: "sidenav", "aria-label": t("nav.main") },
    h("ul", {}, NAV.filter((s) => membership.screens.includes(s)).map((s) =>
      h("li", {}, h("a", { href: `/office/${membership.tenant}/${s === "overview" ? "" : s}`, "data-screen": s, "aria-current": s === active ? "page" : null, class: s === active ? "active" : null },
        h("span", { class: "nav-icon", "aria-hidden": "true" }, ICONS[s]), h("span", {}, t("nav." + s)))),
    )),
  );
  const menu = h("button", { type: "button", class: "icon-button menu-button", "aria-controls": "sidenav", "aria-expanded": "false", title: t("nav.menu"),
    onclick: (e) => { const open = document.body.classList.toggle("nav-open"); e.currentTarget.setAttribute("aria-expanded", String(open)); } }, "☰");
  const user = h("details", { class: "user-menu" },
    h("summary", {}, session.current.staff.name || session.current.staff.email, h("span", { class: "role-badge" }, t("role." + membership.role))),
    h("div", { class: "menu" },
      telegramMenuItems(membership.tenant, render),
      h("button", { type: "button", "data-action": "sign-out", onclick: () => signOut(false) }, t("top.signOut")),
      h("button", { type: "button", onclick: () => signOut(true) }, t("top.signOutEverywhere"))));
  return h("div", { class: "shell" },
    h("a", { class: "skip", href: "#main" }, t("top.skip")),
    h("header", { class: "topbar" }, menu, h("a", { class: "brand", href: "/office/" }, t("app.name")), switcher, h("div", { class: "top-actions" }, links(user))),
    nav,
    h("main", { id: "main", class: "content", tabindex: "-1" }, content));
}

let renderCount = 0;

/** Renders the screen of the current URL. */
export async function render() {
  const ticket = ++renderCount;
  const root = document.getElementById("app");
  const path = location.pathname.replace(/\/+$/, "") || "/office";
  const query = new URLSearchParams(location.search);
  document.body.classList.remove("nav-open");
  for (const [pattern, build] of PUBLIC) {
    const match = path.match(pattern);
    if (match) {
      setLocale(chooseLocale(session.current?.staff?.locale));
      mount(root, publicFrame(build(match.slice(1), query)));
      document.title = t("app.name");
      return;
    }
  }
  if (!session.current) {
    mount(root, publicFrame(h("p", { class: "muted" }, t("app.loading"))));
    await loadSession();
    if (ticket !== renderCount) return;
  }
  setLocale(chooseLocale(session.current?.staff?.locale));
  if (!session.current) {
    // Back to the screen asked for once signed in.
    sessionStorage.setItem("office.after", location.pathname + location.search);
    navigate("/office/sign-in", { replace: true });
    return;
  }
  if (path === "/office") {
    mount(root, publicFrame(tenantsScreen()));
    return;
  }
  const [, , slug, ...rest] = path.split("/");
  const membership = session.current.memberships.find((m) => m.tenant === slug);
  if (!membership) {
    mount(root, publicFrame(h("div", {}, h("p", { class: "notice notice-error", role: "alert" }, t("error.notFound")), h("a", { href: "/office/" }, t("tenants.title")))));
    return;
  }
  const sub = "/" + rest.join("/");
  for (const [pattern, screen, build] of TENANT) {
    const match = sub.match(pattern);
    if (!match) continue;
    const key = screen || match[1];
    const content = membership.screens.includes(key) ? build(slug, match.slice(1), query) : h("p", { class: "notice notice-error", role: "alert" }, t("error.noScreen"));
    mount(root, tenantFrame(membership, key, content));
    document.title = `${t("nav." + key)} · ${membership.title}`;
    return;
  }
  mount(root, tenantFrame(membership, null, h("p", { class: "notice notice-error", role: "alert" }, t("error.notFound"))));
}

hooks.onSignedOut = (reason) => {
  session.current = null;
  sessionStorage.setItem("office.after", location.pathname + location.search);
  navigate("/office/sign-in?reason=" + encodeURIComponent(reason), { replace: true });
};

// Links inside the app change the URL without reloading the page.
document.addEventListener("click", (event) => {
  const link = event.target.closest?.("a[href]");
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || link.target) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith("/office") || url.hash && url.pathname === location.pathname) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener("popstate", render);
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => { applyTheme(); render(); });

/** After a sign-in: the session and where to go. */
export function signedIn(value) {
  session.current = value;
  const after = sessionStorage.getItem("office.after");
  sessionStorage.removeItem("office.after");
  if (after && after.startsWith("/office/") && !after.startsWith("/office/sign-in")) return navigate(after, { replace: true });
  if (value.memberships.length === 1) return navigate(`/office/${value.memberships[0].tenant}/`, { replace: true });
  navigate("/office/", { replace: true });
}

applyTheme();
setLocale(chooseLocale());
render().then(() => document.documentElement.setAttribute("data-ready", "true"));
