// The Team screen: the tenant's staff (name, email, role, linked Telegram, last sign-in) and
// pending invitations. Owners invite (the one-time link is shown once, to copy), change roles,
// take members off the staff and withdraw invitations, each after a confirm dialog; the server's
// last-owner rule comes back as a clear error. Other roles see the lists only.
import { h, mount, toast, confirmDialog, skeletonRows } from "./dom.js";
import { t, dateTime } from "./i18n.js";
import { api, staffPath, session } from "./api.js";
import { describe, errorBox } from "./errors.js";
import { field, showProblems } from "./form.js";
import { can } from "./roles.js";

const ROLES = ["owner", "manager", "support", "analyst"];

function head(title, ...actions) { return h("div", { class: "page-head" }, h("h1", {}, title), h("div", { class: "actions" }, actions)); }

/** The sentence for a refused team change: the last-owner rule in words, otherwise the usual. */
function refusal(error) {
  return error?.code === "last_owner" ? t("team.lastOwner") : describe(error);
}

export function teamScreen(tenant) {
  const notice = h("div", { "data-team-notice": "" });
  const members = h("tbody");
  const invitations = h("tbody");
  const created = h("div", { "data-invitation-created": "" });
  const me = session.current?.staff?.id;

  function fail(error) {
    mount(notice, h("p", { class: "notice notice-error", role: "alert", "data-error-code": error?.code || "" }, refusal(error)));
  }

  async function changeRole(member, select) {
    const role = select.value;
    const ok = await confirmDialog({
      title: t("team.roleTitle"), text: t("team.roleText", { name: member.name || member.email, role: t("role." + role) }),
      confirm: t("team.changeRole"), cancel: t("common.cancel"), danger: false,
    });
    if (!ok) { select.value = member.role; return; }
    try {
      await api("PATCH", staffPath(tenant, `staff/members/${member.id}`), { role });
      mount(notice);
      toast(t("team.roleChanged", { name: member.name || member.email, role: t("role." + role) }));
      load();
    } catch (error) {
      select.value = member.role;
      fail(error);
    }
  }

  async function remove(member) {
    if (!(await confirmDialog({ title: t("team.removeTitle"), text: t("team.removeText", { name: member.name || member.email }), confirm: t("team.remove"), cancel: t("common.cancel") }))) return;
    try {
      await api("DELETE", staffPath(tenant, `staff/members/${member.id}`));
      mount(notice);
      toast(t("team.removed", { name: member.name || member.email }));
      load();
    } catch (error) { fail(error); }
  }

  async function revoke(invitation) {
    if (!(await confirmDialog({ title: t("team.revokeTitle"), text: t("team.revokeText", { role: t("role." + invitation.role) }), confirm: t("team.revoke"), cancel: t("common.cancel") }))) return;
    try {
      await api("DELETE", staffPath(tenant, `staff/invitations/${invitation.id}`));
      mount(notice);
      toast(t("team.revoked"));
      load();
    } catch (error) { fail(error); }
  }

  function memberRow(m) {
    const role = can("write.staff")
      ? h("select", { "aria-label": t("team.roleOf", { name: m.name || m.email }), "data-role-of": m.id, onchange: (e) => changeRole(m, e.currentTarget) },
        ROLES.map((r) => h("option", { value: r, selected: r === m.role }, t("role." + r))))
      : t("role." + m.role);
    return h("tr", { "data-member": m.id },
      h("td", { "data-label": t("team.col.name") }, m.name || "—", m.id === me ? h("span", { class: "muted" }, " " + t("team.you")) : null),
      h("td", { "data-label": t("team.col.email") }, m.email),
      h("td", { "data-label": t("team.col.role") }, role),
      h("td", { "data-label": t("team.col.telegram") }, m.telegram_linked ? t("team.linked") : "—"),
      h("td", { "data-label": t("team.col.lastSignIn") }, m.last_sign_in_at ? dateTime(m.last_sign_in_at) : t("team.never")),
      h("td", { "data-label": "" }, can("delete.staff") ? h("button", { type: "button", class: "button small", "data-action": "remove", onclick: () => remove(m) }, t("team.remove")) : null));
  }

  function invitationRow(i) {
    return h("tr", { "data-invitation": i.id },
      h("td", { "data-label": t("team.col.role") }, t("role." + i.role)),
      h("td", { "data-label": t("team.col.name") }, i.name || "—"),
      h("td", { "data-label": t("team.col.email") }, i.email || t("team.anyEmail")),
      h("td", { "data-label": t("team.col.expires") }, dateTime(i.expires_at)),
      h("td", { "data-label": "" }, can("delete.staff") ? h("button", { type: "button", class: "button small", "data-action": "revoke", onclick: () => revoke(i) }, t("team.revoke")) : null));
  }

  async function load() {
    mount(members, skeletonRows(6, 3));
    try {
      const team = await api("GET", staffPath(tenant, "staff"));
      mount(members, team.members.map(memberRow));
      mount(invitations, team.invitations.length ? team.invitations.map(invitationRow) : h("tr", {}, h("td", { colspan: 5, class: "empty" }, t("team.noInvitations"))));
    } catch (error) {
      mount(members);
      mount(notice, errorBox(error, load));
    }
  }

  function inviteForm() {
    const form = h("form", { class: "form card", "data-form": "invite-staff", novalidate: true },
      h("h2", {}, t("team.invite")),
      field({ label: t("team.col.role"), name: "role", type: "select", value: "support", options: ROLES.map((r) => ({ value: r, label: t("role." + r) })) }),
      field({ label: t("team.col.name"), name: "name", attrs: { maxlength: 100 } }),
      field({ label: t("team.emailOptional"), name: "email", type: "email", hint: t("team.emailHint"), attrs: { maxlength: 254 } }),
      field({ label: t("team.expiresIn"), name: "expires_in_hours", type: "select", value: "72", options: [24, 72, 168].map((n) => ({ value: String(n), label: t("team.hours." + n) })) }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, t("team.createLink"))));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = { role: form.elements.role.value, expires_in_hours: Number(form.elements.expires_in_hours.value) };
      if (form.elements.name.value.trim()) body.name = form.elements.name.value.trim();
      if (form.elements.email.value.trim()) body.email = form.elements.email.value.trim();
      try {
        const { invitation } = await api("POST", staffPath(tenant, "staff/invitations"), body);
        showProblems(form);
        form.reset();
        const link = invitation.link.startsWith("/") ? location.origin + invitation.link : invitation.link;
        const input = h("input", { type: "text", readonly: true, value: link, "data-invitation-link": "", "aria-label": t("team.link"), onfocus: (e) => e.currentTarget.select() });
        mount(created, h("div", { class: "notice invite-result", role: "status" },
          h("p", {}, t("team.linkCreated", { role: t("role." + invitation.role), expires: dateTime(invitation.expires_at) })),
          h("div", { class: "copy-row" }, input, h("button", { type: "button", class: "button", "data-action": "copy-link", onclick: async () => {
            try { await navigator.clipboard.writeText(link); toast(t("team.copied")); } catch { input.focus(); input.select(); }
          } }, t("team.copy"))),
          h("p", { class: "muted" }, t("team.linkOnce"))));
        load();
      } catch (error) {
        if (!showProblems(form, error)) toast(describe(error), "error");
      }
    });
    return form;
  }

  load();
  const table = (caption, headers, body) => h("div", { class: "table-wrap" }, h("table", { class: "data" }, h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col" }, x)))), body));
  return h("div", { "data-screen": "team" },
    head(t("nav.team")), notice,
    table(t("team.members"), [t("team.col.name"), t("team.col.email"), t("team.col.role"), t("team.col.telegram"), t("team.col.lastSignIn"), ""], members),
    h("h2", {}, t("team.invitations")),
    table(t("team.invitations"), [t("team.col.role"), t("team.col.name"), t("team.col.email"), t("team.col.expires"), ""], invitations),
    can("write.staff") ? [created, inviteForm()] : null);
}
