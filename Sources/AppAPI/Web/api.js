/*
 * Tessera mini app: the API client.
 *
 * Every call carries `Authorization: tma <initData>`. Reads use `cache: "no-cache"` so the browser
 * revalidates with If-None-Match and answers 304s from its own cache. Errors arrive as
 * `{"error":{"code","message"}}` and become ApiError values.
 */
(function () {
  "use strict";

  var T = (window.Tessera = window.Tessera || {});
  var TIMEOUT_MS = 15000;

  /** An API failure: status 0 means the network (or a timeout), otherwise the HTTP status. */
  function ApiError(status, code, message) {
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.message = message;
  }
  ApiError.prototype = Object.create(Error.prototype);
  ApiError.prototype.constructor = ApiError;

  /** The tenant slug: the path segment after `/app/`. */
  function tenantFromPath(pathname) {
    var match = /\/app\/([^/?#]+)/.exec(pathname);
    if (!match) return "";
    try {
      return decodeURIComponent(match[1]);
    } catch (e) {
      return "";
    }
  }

  var tenant = tenantFromPath(window.location.pathname);
  var base = "/api/v1/" + encodeURIComponent(tenant);

  /** Resolves a server-supplied action path; only same-origin `/api/` paths are allowed. */
  function resolveActionPath(path) {
    if (typeof path !== "string") return null;
    var resolved = path.replace(/\{tenant\}/g, encodeURIComponent(tenant));
    if (!/^\/api\/[A-Za-z0-9._~%\/-]*(\?[^#]*)?$/.test(resolved) || resolved.indexOf("..") >= 0) return null;
    return resolved;
  }

  function request(method, path, body) {
    var headers = { Accept: "application/json" };
    var initData = T.tg.initData();
    if (initData) headers.Authorization = "tma " + initData;
    // The server uses it only when initData has no start_param (a launch from the welcome button).
    var start = T.tg.launch.startParam;
    if (start) headers["X-Tessera-Start-Param"] = start;
    var init = { method: method, headers: headers, cache: "no-cache", credentials: "same-origin" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = null;
    if (controller) {
      init.signal = controller.signal;
      timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    }
    var response;
    return fetch(path, init)
      .catch(function () {
        throw new ApiError(0, "network", "The server could not be reached.");
      })
      .then(function (res) {
        response = res;
        return res.text();
      })
      .then(function (text) {
        if (timer) clearTimeout(timer);
        var data = null;
        try {
          data = text ? JSON.parse(text) : null;
        } catch (e) {
          data = null;
        }
        if (!response.ok) {
          var error = (data && data.error) || {};
          throw new ApiError(
            response.status,
            typeof error.code === "string" ? error.code : "http_" + response.status,
            typeof error.message === "string" ? error.message : response.statusText || "Request failed"
          );
        }
        if (text && data === null) throw new ApiError(response.status, "bad_response", "The server sent an unreadable answer.");
        return { data: data, text: text };
      }, function (error) {
        if (timer) clearTimeout(timer);
        throw error;
      });
  }

  T.api = {
    ApiError: ApiError,
    tenant: tenant,
    tenantFromPath: tenantFromPath,
    resolveActionPath: resolveActionPath,
    manifest: function () { return request("GET", base + "/app"); },
    screen: function (section) { return request("GET", base + "/screens/" + encodeURIComponent(section)); },
    /** An item's own screen (`posts/<id>`, `events/<id>`) within a section. */
    detail: function (section, detail) {
      return request("GET", base + "/sections/" + encodeURIComponent(section) + "/" + detail);
    },
    /** GET of a server-supplied `/api/` path (the next page of a live list). */
    get: function (path) {
      var resolved = resolveActionPath(path);
      if (!resolved) return Promise.reject(new ApiError(0, "bad_action", "This list is not set up correctly."));
      return request("GET", resolved);
    },
    /** Sends an action (method from the blueprint, POST by default) to an allowed `/api/` path. */
    action: function (method, path, body) {
      var resolved = resolveActionPath(path);
      if (!resolved) return Promise.reject(new ApiError(0, "bad_action", "This button is not set up correctly."));
      var verb = /^(POST|PUT|PATCH|DELETE)$/.test(String(method || "").toUpperCase()) ? String(method).toUpperCase() : "POST";
      return request(verb, resolved, body === undefined ? {} : body);
    }
  };
})();
