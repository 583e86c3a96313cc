// Calls to the session API (/office/api/…) and the staff API (/admin/api/v1/{tenant}/…), both
// authenticated by the session cookie. Every non-GET request carries the session's CSRF token.

export const session = { current: null };

export class ApiError extends Error {
  constructor(status, code, message, details = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Hooks the app installs: what to do when the session is gone. */
export const hooks = { onSignedOut: () => {} };

/** Sends a request and returns the parsed JSON (null for 204); throws ApiError with the server's code and message. */
export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && session.current?.csrf_token) headers["X-CSRF-Token"] = session.current.csrf_token;
  let response;
  try {
    response = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "network", "network");
  }
  if (response.status === 204) return null;
  let json = null;
  try { json = await response.json(); } catch { json = null; }
  if (response.ok) return json;
  const error = json?.error || {};
  const failure = new ApiError(response.status, error.code || "http_" + response.status, error.message || response.statusText, Array.isArray(error.details) ? error.details : []);
  failure.retryAfter = Number(response.headers.get("Retry-After")) || null;
  if (response.status === 401 && path.startsWith("/admin/")) hooks.onSignedOut("session_expired");
  throw failure;
}

/** The staff API of `tenant`: `staff("orders?status=paid")`. */
export function staffPath(tenant, rest) { return `/admin/api/v1/${encodeURIComponent(tenant)}/${rest}`; }
