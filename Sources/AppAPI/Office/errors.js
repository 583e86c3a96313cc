// What happened, in words: the server's message, or a role or network explanation.
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { currentMembership } from "./roles.js";

/** The sentence for an ApiError (or any error). */
export function describe(error) {
  if (error?.code === "network") return t("error.network");
  if (error?.code === "forbidden_role") return t("error.forbiddenRole", { role: t("role." + (currentRole() || "owner")) });
  return t("error.generic", { message: error?.message || String(error) });
}

/** The role of the signed-in staff member in the tenant on screen. */
export function currentRole() {
  return currentMembership()?.role;
}

/** An inline error with a retry button. */
export function errorBox(error, retry) {
  return h(
    "div",
    { class: ["notice", "notice-error"], role: "alert", "data-error-code": error?.code || "" },
    h("span", {}, describe(error)),
    retry && error?.code !== "forbidden_role" ? h("button", { type: "button", class: "button", onclick: retry }, t("error.retry")) : null,
  );
}
