// DOM helpers. Data only ever reaches the page as text nodes or attribute values: there is no
// innerHTML anywhere in the back office, so nothing a participant or staff member typed can run.

const SVG = "http://www.w3.org/2000/svg";

/** h("a", {href, class, onclick}, "text", child…): an element; strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    // An input's value attribute is also its defaultValue: forms can tell what the person changed.
    else if (key === "value" && el instanceof HTMLInputElement) el.setAttribute("value", String(value));
    else if (key === "value" && "value" in el) el.value = value;
    else if (key === "checked") el.checked = !!value;
    else if (key === "style" || key === "innerHTML") throw new Error("h(): " + key + " is not allowed");
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the contents of `el` with `children`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A short message in the corner; `kind` is "ok" or "error". */
export function toast(text, kind = "ok") {
  const box = document.getElementById("toasts");
  // Toasts stack above an element that must stay usable at the bottom (the Dialogs composer and
  // its Send button), not over it.
  const clear = document.querySelector("[data-keep-clear]")?.getBoundingClientRect();
  box.style.bottom = clear && clear.top < innerHeight ? `${Math.max(16, innerHeight - clear.top + 12)}px` : "";
  const item = h("div", { class: ["toast", "toast-" + kind], role: kind === "error" ? "alert" : "status" }, text);
  box.append(item);
  setTimeout(() => item.remove(), kind === "error" ? 8000 : 4000);
}

/** Removes every toast (their words belong to the language they were said in). */
export function clearToasts() {
  document.getElementById("toasts")?.replaceChildren();
}

/** A modal confirmation; resolves true when the person confirms. Escape or Cancel resolve false. */
export function confirmDialog({ title, text, confirm, cancel, danger = true }) {
  return new Promise((resolve) => {
    const dialog = h(
      "dialog",
      { class: "confirm", "aria-labelledby": "confirm-title" },
      h("h2", { id: "confirm-title" }, title),
      h("p", {}, text),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "button", value: "cancel", onclick: () => dialog.close("cancel") }, cancel),
        h(
          "button",
          { type: "button", class: ["button", danger ? "danger" : "primary"], value: "ok", "data-confirm": "", onclick: () => dialog.close("ok") },
          confirm,
        ),
      ),
    );
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "ok");
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector("[data-confirm]").focus();
  });
}

/** Grey placeholder rows while a table loads. */
export function skeletonRows(columns, rows = 5) {
  return Array.from({ length: rows }, () =>
    h("tr", { class: "skeleton-row", "aria-hidden": "true" }, Array.from({ length: columns }, () => h("td", {}, h("span", { class: "skeleton" })))),
  );
}
