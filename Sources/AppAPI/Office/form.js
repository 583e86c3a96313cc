// Form fields with labels, hints and the server's per-field problems.
import { h } from "./dom.js";

let counter = 0;

/** A labelled input (or textarea / select / checkbox); `name` matches the API's field. */
export function field({ label, name, type = "text", value = "", hint, required, options, attrs = {} }) {
  const id = "f-" + name + "-" + ++counter;
  let control;
  if (type === "textarea") control = h("textarea", { id, name, rows: 8, required, ...attrs }, value ?? "");
  else if (type === "select") control = h("select", { id, name, required, ...attrs }, options.map((o) => h("option", { value: o.value, selected: o.value === value }, o.label)));
  else if (type === "checkbox") {
    return h("div", { class: "field checkbox" }, h("input", { id, name, type: "checkbox", checked: !!value, ...attrs }), h("label", { for: id }, label));
  } else control = h("input", { id, name, type, value: value ?? "", required, ...attrs });
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hint ? h("small", { class: "hint" }, hint) : null, h("small", { class: "problem", "data-problem": name, hidden: true }));
}

/** Shows the field problems of a 422 (`error.details`: [{field, message}]) next to their inputs. */
export function showProblems(form, error) {
  for (const el of form.querySelectorAll("[data-problem]")) { el.hidden = true; el.textContent = ""; }
  const problems = Array.isArray(error?.details) ? error.details : [];
  let shown = false;
  for (const p of problems) {
    const el = form.querySelector(`[data-problem="${CSS.escape(p.field || "")}"]`);
    if (el) { el.textContent = p.message; el.hidden = false; shown = true; }
  }
  return shown;
}

/** A datetime-local value (local time) for an ISO instant, and back. */
export function toLocalInput(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value) { return value ? new Date(value).toISOString() : null; }
