// Jobs: the tenant's background work with its state, attempts and last error; filters by state
// and kind in the URL; retry a dead letter or cancel a queued job (with a confirmation), for
// roles that may change jobs.
import { h, mount, toast, confirmDialog } from "./dom.js";
import { t, dateTime, number } from "./i18n.js";
import { api, staffPath } from "./api.js";
import { describe } from "./errors.js";
import { dataTable, filterChips } from "./table.js";
import { setQuery } from "./app.js";
import { can } from "./roles.js";

const STATES = ["queued", "running", "done", "dead", "cancelled"];
const KIND = /^[a-z][a-z0-9_.]{0,62}$/;

export function jobsScreen(tenant, query) {
  const state = STATES.includes(query.get("state")) ? query.get("state") : "";
  const kind = KIND.test(query.get("kind") || "") ? query.get("kind") : "";
  const chipsSlot = h("div");
  const holder = h("div");
  const showChips = (counts) => mount(chipsSlot, filterChips({ name: "state", query, onQuery: setQuery, label: t("jobs.col.state"),
    options: [{ value: "", label: t("common.all") }, ...STATES.map((s) => ({ value: s, label: counts ? t("jobs.stateCount", { state: t("jobs.state." + s), n: number(counts[s] ?? 0) }) : t("jobs.state." + s) }))] }));
  const act = async (job, action) => {
    const retry = action === "retry";
    const confirmed = await confirmDialog({
      title: t(retry ? "jobs.retryTitle" : "jobs.cancelTitle", { id: job.id }), text: t(retry ? "jobs.retryText" : "jobs.cancelText", { kind: job.kind }),
      confirm: t(retry ? "jobs.retry" : "jobs.cancel"), cancel: t(retry ? "common.cancel" : "jobs.keep"), danger: !retry });
    if (!confirmed) return;
    try { await api("POST", staffPath(tenant, `jobs/${job.id}/${action}`)); toast(t(retry ? "jobs.retried" : "jobs.cancelled")); build(); } catch (error) { toast(describe(error), "error"); }
  };
  const build = () => mount(holder, dataTable({
    query, onQuery: setQuery, caption: t("jobs.title"), empty: t("jobs.empty"),
    columns: [
      { key: "id", label: t("jobs.col.id"), cell: (j) => "#" + j.id },
      { key: "kind", label: t("jobs.col.kind"), cell: (j) => h("span", { class: "mono" }, j.kind) },
      { key: "state", label: t("jobs.col.state"), cell: (j) => h("span", { class: ["badge", { done: "ok", dead: "refunded", cancelled: "cancelled", queued: "pending" }[j.state] || ""], "data-state": j.state }, t("jobs.state." + j.state)) },
      { key: "attempts", label: t("jobs.col.attempts"), cell: (j) => `${number(j.attempts)} / ${number(j.max_attempts)}` },
      { key: "error", label: t("jobs.col.error"), cell: (j) => (j.last_error ? h("span", { class: "mono job-error", title: j.last_error }, j.last_error) : h("span", { class: "muted" }, t("common.none"))) },
      { key: "run_at", label: t("jobs.col.runAt"), cell: (j) => dateTime(j.run_at) },
      { key: "actions", label: "", cell: (j) => (!can("write.jobs") ? null
        : j.state === "dead" ? h("button", { type: "button", class: "button small", "data-action": "retry", "data-job": j.id, onclick: () => act(j, "retry") }, t("jobs.retry"))
          : j.state === "queued" ? h("button", { type: "button", class: "button small danger", "data-action": "cancel", "data-job": j.id, onclick: () => act(j, "cancel") }, t("jobs.cancel"))
            : null) },
    ],
    fetch: async (_, cursor) => {
      const params = new URLSearchParams({ limit: "50" });
      if (state) params.set("state", state);
      if (kind) params.set("kind", kind);
      if (cursor) params.set("cursor", cursor);
      const page = await api("GET", staffPath(tenant, "jobs?" + params));
      showChips(page.counts);
      return { rows: page.jobs, next: page.next_cursor };
    },
  }));
  showChips(null);
  build();
  const form = h("form", { class: "inline", "data-form": "jobs-kind", onsubmit: (event) => {
    event.preventDefault();
    const q = new URLSearchParams(query);
    const value = event.currentTarget.elements.kind.value.trim();
    if (value) q.set("kind", value); else q.delete("kind");
    setQuery(q);
  } }, h("input", { type: "text", name: "kind", value: kind, placeholder: t("jobs.kind"), "aria-label": t("jobs.kind"), maxlength: 63, pattern: KIND.source }),
  h("button", { type: "submit", class: "button" }, t("jobs.find")));
  return h("div", { "data-screen": "jobs" }, h("div", { class: "page-head" }, h("h1", {}, t("jobs.title"))), chipsSlot, form, holder);
}
