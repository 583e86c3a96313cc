/*
 * Tessera mini app: navigation analytics.
 *
 * Screen views and taps on actions are queued and sent to POST /api/v1/{tenant}/events in small
 * batches: every 5 s, at 20 events, and when the page is hidden (Telegram gives no reliable
 * "closing" event, so `visibilitychange` with a keepalive request is the last chance).
 * Analytics never get in the user's way: failures are dropped silently after one retry.
 */
(function () {
  "use strict";

  var T = (window.Tessera = window.Tessera || {});
  var MAX_BATCH = 20;
  var FLUSH_MS = 5000;
  var queue = [];
  var timer = null;
  var retried = false;

  function endpoint() {
    return "/api/v1/" + encodeURIComponent(T.api ? T.api.tenant : "") + "/events";
  }

  function flush(keepalive) {
    if (timer) { clearTimeout(timer); timer = null; }
    var initData = T.tg && T.tg.initData();
    if (!queue.length || !initData) return;
    var batch = queue.splice(0, 100);
    try {
      fetch(endpoint(), {
        method: "POST",
        keepalive: !!keepalive,
        headers: { "Content-Type": "application/json", "Authorization": "tma " + initData },
        body: JSON.stringify({ events: batch })
      }).then(function (response) {
        if (response.status >= 500 && !retried) { retried = true; queue = batch.concat(queue); schedule(); }
        else retried = false;
      }, function () {
        if (!retried) { retried = true; queue = batch.concat(queue); schedule(); }
      });
    } catch (e) { /* analytics must never break the app */ }
  }

  function schedule() {
    if (!timer) timer = setTimeout(function () { flush(false); }, FLUSH_MS);
  }

  function track(kind, screen, target) {
    queue.push({ kind: kind, screen: screen || null, target: target ? String(target).slice(0, 128) : null, at: Date.now() });
    if (queue.length >= MAX_BATCH) flush(false); else schedule();
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush(true);
  });
  window.addEventListener("pagehide", function () { flush(true); });

  T.analytics = {
    screenView: function (section) { track("screen_view", section, null); },
    action: function (section, action) {
      if (!action) return;
      track("action", section, action.screen || action.product || action.path || action.url || action.kind);
    },
    flush: flush,
    pending: function () { return queue.length; }
  };
})();
