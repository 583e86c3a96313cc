// What the signed-in staff member may do in the tenant on screen (the session's `can` list).
// Only for showing and hiding actions: the server checks every call regardless.
import { session } from "./api.js";

/** The session's membership for the tenant in the URL (/office/{tenant}/…), or undefined. */
export function currentMembership() {
  const slug = location.pathname.split("/")[2];
  return session.current?.memberships?.find((m) => m.tenant === slug);
}

/** True when the role holds the permission, e.g. can("write.content"), can("money.orders"). */
export function can(permission) {
  return currentMembership()?.can?.includes(permission) ?? false;
}
