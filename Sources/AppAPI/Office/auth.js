// Signed-out screens: sign-in (password or a Telegram link), invitation, password reset, the
// Telegram link landing, and the tenant switcher.
import { h, mount, toast } from "./dom.js";
import { t, locale } from "./i18n.js";
import { api, session } from "./api.js";
import { describe } from "./errors.js";
import { field, showProblems } from "./form.js";
import { navigate, signedIn } from "./app.js";

function notice(kind, text) {
  return h("p", { class: ["notice", "notice-" + kind], role: kind === "error" ? "alert" : "status" }, text);
}

/** Runs `action` on submit with the button disabled; failures land in `slot` in words. */
function onSubmit(form, slot, action) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    mount(slot);
    try {
      await action(new FormData(form));
    } catch (error) {
      if (!showProblems(form, error)) mount(slot, notice("error", messageFor(error)));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function messageFor(error) {
  switch (error.code) {
    case "invalid_credentials": return t("signin.invalid");
    case "rate_limited": return t("signin.rateLimited", { seconds: error.retryAfter ?? 60 });
    case "invitation_invalid": return t("invite.invalid");
    case "invitation_expired": return t("invite.expired");
    case "invitation_used": return t("invite.used");
    case "password_required": return t("invite.passwordRequired");
    case "account_disabled": return t("signin.disabled");
    default: return describe(error);
  }
}

export function signInScreen() {
  const reason = new URLSearchParams(location.search).get("reason");
  const slot = h("div", { class: "form-slot" }, reason ? notice("info", t("signin.expired")) : null);
  const form = onSubmit(
    h("form", { class: "stack", "data-form": "sign-in", novalidate: true },
      field({ label: t("signin.email"), name: "email", type: "email", required: true, attrs: { autocomplete: "username" } }),
      field({ label: t("signin.password"), name: "password", type: "password", required: true, attrs: { autocomplete: "current-password" } }),
      h("button", { type: "submit", class: "button primary wide" }, t("signin.submit"))),
    slot,
    async (data) => signedIn(await api("POST", "/office/api/session", { email: data.get("email"), password: data.get("password") })),
  );
  const telegram = h("button", {
    type: "button", class: "button wide telegram", "data-action": "telegram-sign-in",
    onclick: async () => {
      const email = form.querySelector("input[name=email]").value.trim();
      mount(slot);
      if (!email) { mount(slot, notice("info", t("signin.telegramHint"))); form.querySelector("input[name=email]").focus(); return; }
      try {
        await api("POST", "/office/api/telegram-sign-in", { email });
        mount(slot, notice("ok", t("signin.telegramSent")));
      } catch (error) { mount(slot, notice("error", messageFor(error))); }
    },
  }, t("signin.telegram"));
  return h("section", { "data-screen": "sign-in" }, h("h1", {}, t("signin.title")), slot, form, h("p", { class: "divider" }, t("signin.or")), telegram, h("p", { class: "hint" }, t("signin.telegramHint")));
}

/** `/office/invite/{token}`: who invites, then name and password. */
export function invitationScreen(token) {
  const box = h("section", { "data-screen": "invite" }, h("p", { class: "muted" }, t("app.loading")));
  api("GET", `/office/api/invitations/${encodeURIComponent(token)}`).then(
    (invitation) => {
      const slot = h("div", { class: "form-slot" });
      const form = onSubmit(
        h("form", { class: "stack", "data-form": "invite", novalidate: true },
          field({ label: t("signin.email"), name: "email", type: "email", value: invitation.email || "", required: true, attrs: { autocomplete: "username" } }),
          field({ label: t("invite.name"), name: "name", required: true, attrs: { autocomplete: "name" } }),
          field({ label: t("invite.password"), name: "password", type: "password", hint: t("invite.passwordHint"), required: true, attrs: { autocomplete: "new-password" } }),
          h("button", { type: "submit", class: "button primary wide" }, t("invite.submit"))),
        slot,
        async (data) => signedIn(await api("POST", `/office/api/invitations/${encodeURIComponent(token)}/accept`, { email: data.get("email"), name: data.get("name"), password: data.get("password"), locale: locale() })),
      );
      mount(box, h("h1", {}, t("invite.title", { title: invitation.title })), h("p", {}, t("invite.role", { role: t("role." + invitation.role) })), slot, form);
    },
    (error) => mount(box, h("h1", {}, t("app.name")), notice("error", messageFor(error)), h("a", { href: "/office/sign-in" }, t("signin.submit"))),
  );
  return box;
}

/** `/office/reset/{token}`: a new password. */
export function resetScreen(token) {
  const slot = h("div", { class: "form-slot" });
  const form = onSubmit(
    h("form", { class: "stack", "data-form": "reset", novalidate: true },
      field({ label: t("invite.password"), name: "password", type: "password", hint: t("invite.passwordHint"), required: true, attrs: { autocomplete: "new-password" } }),
      h("button", { type: "submit", class: "button primary wide" }, t("reset.submit"))),
    slot,
    async (data) => signedIn(await api("POST", `/office/api/password-resets/${encodeURIComponent(token)}`, { password: data.get("password") })),
  );
  return h("section", { "data-screen": "reset" }, h("h1", {}, t("reset.title")), slot, form);
}

/** `/office/telegram/{token}`: the link the bot sent; posting it signs in. */
export function telegramScreen(token) {
  const box = h("section", { "data-screen": "telegram" }, h("h1", {}, t("telegram.title")));
  api("POST", `/office/api/telegram-sign-in/${encodeURIComponent(token)}`).then(
    (value) => signedIn(value),
    (error) => box.append(notice("error", error.status === 404 || error.status === 410 ? t("telegram.failed") : describe(error)), h("a", { href: "/office/sign-in" }, t("signin.submit"))),
  );
  return box;
}

/** `/office/`: the projects this person is staff of. */
export function tenantsScreen() {
  const memberships = session.current.memberships;
  if (memberships.length === 0) return h("section", { "data-screen": "tenants" }, h("h1", {}, t("tenants.title")), h("p", { class: "empty" }, t("tenants.empty")));
  return h("section", { "data-screen": "tenants" }, h("h1", {}, t("tenants.title")),
    h("ul", { class: "tenant-list" }, memberships.map((m) =>
      h("li", {}, h("a", { href: `/office/${m.tenant}/`, "data-tenant": m.tenant }, h("strong", {}, m.title), h("span", { class: "muted" }, m.tenant), h("span", { class: "role-badge" }, t("role." + m.role)))))));
}

export { toast, navigate };
