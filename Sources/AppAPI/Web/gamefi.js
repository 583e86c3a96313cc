/*
 * Tessera mini app: live GameFi and ratings data on top of the rendered screens.
 *
 * gamefi screens: GET /api/v1/{tenant}/gamefi gives the balance, energy and each quest's status;
 * each quest card gets, inside it, its status, progress and buttons: Open (a section to visit),
 * Open channel (subscribe_channel: Claim is offered once the channel was opened, as only Telegram
 * can tell whether the participant subscribed) and Claim, whose failure is explained on the card
 * (not subscribed yet, Telegram unavailable, channel not checkable). The tap button counts taps
 * locally and sends them in batches (about one a second) to the tap path, and the server decides
 * how many count (energy, rate). ratings screens: each leaderboard is filled from
 * GET /api/v1/{tenant}/ratings/{board} (top, the caller's row highlighted, neighbours), with
 * period chips. Everything is built with createElement/textContent.
 *
 * Test hooks: `section[data-gamefi="ready"]` on the balance banner once the state has loaded,
 * `li[data-status]` and `.gf-quest-error[data-code]` on quest cards,
 * `.c-leaderboard[data-loaded="true"]` once a board is filled.
 */
(function () {
  "use strict";

  var T = (window.Tessera = window.Tessera || {});
  var h = function () { return T.render.h.apply(null, arguments); };
  var t = function (key) { return T.strings.t(key); };
  var BATCH_MS = 1000;
  var generation = 0;
  var tap = null;       // the live tap game of the current screen
  var refreshState = null;

  function batchID() {
    return "b" + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }

  // --- gamefi -------------------------------------------------------------------------------------

  /** The points name's form for n ("bean|beans" → "bean" for 1). */
  function counted(forms, n) {
    return T.plural.pick(forms, n, document.documentElement.lang || "en");
  }

  function smallButton(text, style) {
    return h("button", { "class": "btn btn-" + style + " btn-small", text: text, attrs: { type: "button" } });
  }

  /** `https://t.me/<name>` for a quest's `@name` channel, or null. */
  function channelURL(channel) {
    var name = /^@([A-Za-z][A-Za-z0-9_]{4,31})$/.exec(T.render.str(channel));
    return name ? "https://t.me/" + name[1] : null;
  }

  // subscribe_channel quests whose channel the participant opened (this page, and this Telegram
  // session through sessionStorage): their Claim button is offered from then on.
  var openedChannels = {};
  function openedKey(quest) { return "tessera.channelOpened." + T.api.tenant + "." + quest.id; }
  function wasOpened(quest) {
    if (openedChannels[openedKey(quest)]) return true;
    try { return window.sessionStorage.getItem(openedKey(quest)) === "1"; } catch (e) { return false; }
  }
  function markOpened(quest) {
    openedChannels[openedKey(quest)] = true;
    try { window.sessionStorage.setItem(openedKey(quest), "1"); } catch (e) { /* the page remembers it */ }
  }

  /**
   * A quest's card as a plain container: its controls (Open, Claim) sit inside it, and a button
   * cannot hold buttons. The rendered card's own action is offered by those controls instead.
   */
  function questCard(li) {
    var card = li.querySelector(".card");
    if (!card || card.classList.contains("gf-quest")) return card;
    var fresh = h("div", { "class": "card gf-quest" + (card.classList.contains("has-media") ? " has-media" : "") });
    Array.prototype.slice.call(card.childNodes).forEach(function (node) {
      if (!(node.classList && node.classList.contains("card-chevron"))) fresh.appendChild(node);
    });
    card.replaceWith(fresh);
    return fresh;
  }

  /** The text for a failed claim: precise for the channel check, the server's words otherwise. */
  function claimErrorText(error, quest) {
    var channel = T.render.str(quest && quest.channel);
    switch (error && error.code) {
      case "not_subscribed": return t("questNotSubscribed").replace("{channel}", channel);
      case "telegram_unavailable": return t("questTelegramUnavailable");
      case "channel_check_failed": return t("questChannelCheckFailed").replace("{channel}", channel);
      default: return T.actionErrorText ? T.actionErrorText(error) : t("errorTitle");
    }
  }

  /** Shows (or, with no error, removes) the reason a claim failed, inside the quest's card. */
  function showClaimError(li, error, quest) {
    var old = li.querySelector(".gf-quest-error");
    if (old) old.remove();
    if (!error) return;
    var body = li.querySelector(".card-body");
    if (!body) return;
    body.appendChild(h("p", {
      "class": "gf-quest-error", text: claimErrorText(error, quest),
      attrs: { role: "alert", "data-code": T.render.str(error.code) }
    }));
  }

  function gamefi(screen, root, ctx, gen) {
    var banner = h("section", { "class": "component gf-balance", attrs: { "aria-live": "polite" } });
    var header = root.querySelector(".c-header");
    if (header && header.nextSibling) root.insertBefore(banner, header.nextSibling);
    else root.insertBefore(banner, root.firstChild);
    var progressEl = root.querySelector(".c-progress");
    var tapButton = root.querySelector("button[data-tap-path]");
    var energyLabel = progressEl ? T.render.str((screen.components || []).filter(function (c) { return c && c.type === "progress"; })[0].label) : "";
    var pointsName = "";
    var balance = 0;

    function showBalance() {
      banner.textContent = "";
      banner.appendChild(h("span", { "class": "gf-balance-value", text: T.render.formatNumber(balance) }));
      banner.appendChild(h("span", { "class": "gf-balance-name", text: " " + counted(pointsName, balance) }));
    }

    function showEnergy(value, max) {
      if (!progressEl) return;
      var fresh = T.render.component({ type: "progress", label: energyLabel, value: value, max: max }, ctx);
      progressEl.replaceWith(fresh);
      progressEl = fresh;
      if (tapButton) tapButton.disabled = value <= 0;
    }

    function decorateQuests(quests) {
      quests.forEach(function (quest) {
        var li = null;
        Array.prototype.forEach.call(root.querySelectorAll('[data-source="gamefi.quests"] li[data-id]'), function (item) {
          if (item.getAttribute("data-id") === quest.id) li = item;
        });
        if (!li) return;
        li.setAttribute("data-status", T.render.str(quest.status));
        var card = questCard(li);
        var body = card && card.querySelector(".card-body");
        if (!body) return;
        var old = body.querySelector(".gf-quest-extra");
        if (old) old.remove();
        // Staff may change a reward (admin API): the live one replaces the rendered badge.
        var badge = card.querySelector(".card-badge");
        if (badge && typeof quest.reward === "number") badge.textContent = "+" + T.render.formatNumber(quest.reward) + " " + counted(pointsName, quest.reward);
        var extra = h("div", { "class": "gf-quest-extra" });
        questControls(quest, li, extra);
        if (extra.firstChild) body.appendChild(extra);
      });
    }

    /** What a quest card offers for its status: done, paused, progress, Open, Open channel, Claim. */
    function questControls(quest, li, extra) {
      if (quest.status === "claimed") {
        extra.appendChild(h("span", { "class": "gf-quest-done", text: "✓ " + t("claimed") }));
        return;
      }
      if (quest.status === "paused") {
        extra.appendChild(h("span", { "class": "gf-quest-done", text: t("paused") }));
        return;
      }
      if (quest.progress && typeof quest.progress.value === "number") {
        extra.appendChild(h("span", { "class": "gf-quest-progress", text: quest.progress.value + " / " + quest.progress.target }));
      }
      if (quest.kind === "open_section" && quest.status === "locked" && T.render.str(quest.section)) {
        var open = smallButton(t("openSection"), "secondary");
        open.addEventListener("click", function () { ctx.perform({ kind: "open_screen", screen: quest.section }, open); });
        extra.appendChild(open);
      }
      var channel = quest.kind === "subscribe_channel" ? channelURL(quest.channel) : null;
      // Only Telegram knows whether someone subscribed: the channel opens first, the check follows.
      var opened = channel && wasOpened(quest);
      if (channel) {
        var follow = smallButton(t("openChannel"), opened ? "secondary" : "primary");
        follow.classList.add("gf-open-channel");
        follow.addEventListener("click", function () {
          T.tg.haptic("light");
          ctx.perform({ kind: "open_link", url: channel }, follow);
          markOpened(quest);
          var body = li.querySelector(".card-body");
          var old = body && body.querySelector(".gf-quest-extra");
          if (!old) return;
          var fresh = h("div", { "class": "gf-quest-extra" });
          questControls(quest, li, fresh);
          old.replaceWith(fresh);
        });
        extra.appendChild(follow);
      }
      if (quest.status === "claimable" && (!channel || opened)) extra.appendChild(claimButton(quest, li));
    }

    /** Claim: the answer's message as a toast, or the reason it failed on the card itself. */
    function claimButton(quest, li) {
      var claim = smallButton(t("claim"), "primary");
      claim.classList.add("gf-claim");
      claim.addEventListener("click", function () {
        if (claim.getAttribute("aria-busy") === "true") return;
        T.tg.haptic("light");
        showClaimError(li, null);
        claim.setAttribute("aria-busy", "true");
        claim.classList.add("is-busy");
        var done = function () {
          claim.removeAttribute("aria-busy");
          claim.classList.remove("is-busy");
        };
        ctx.perform({ kind: "api", method: "POST", path: quest.claim_path }, claim, undefined, { quiet: true }).then(function (data) {
          done();
          T.tg.haptic("success");
          if (ctx.toast) ctx.toast(typeof data.message === "string" && data.message ? data.message : t("done"), "success");
        }, function (error) {
          done();
          T.tg.haptic("error");
          showClaimError(li, error, quest);
        });
      });
      return claim;
    }

    function load() {
      return T.api.get("/api/v1/{tenant}/gamefi").then(function (result) {
        if (gen !== generation) return;
        var data = result.data || {};
        pointsName = T.render.str(data.points_name);
        balance = typeof data.balance === "number" ? data.balance : 0;
        showBalance();
        banner.setAttribute("data-gamefi", "ready");
        if (data.tap && typeof data.tap.energy === "number") {
          if (!tap || tap.gen !== gen) startTap(data.tap);
          else tap.sync(data.tap.energy);
        }
        decorateQuests(Array.isArray(data.quests) ? data.quests : []);
      }, function () { /* the screen stays usable without live data */ });
    }
    refreshState = load;

    function startTap(info) {
      var state = { gen: gen, energy: info.energy, max: info.energy_max, pending: 0, timer: null, inFlight: false };
      state.sync = function (energy) { state.energy = Math.max(0, energy - state.pending); showEnergy(state.energy, state.max); };
      tap = state;
      showEnergy(state.energy, state.max);
      if (!tapButton) return;
      tapButton.addEventListener("click", function (event) {
        event.preventDefault();
        if (state.energy <= 0) { T.tg.haptic("error"); return; }
        T.tg.haptic("light");
        state.pending += 1;
        state.energy -= 1;
        balance += typeof info.points_per_tap === "number" ? info.points_per_tap : 1;
        showBalance();
        showEnergy(state.energy, state.max);
        if (!state.timer) state.timer = setTimeout(flush, BATCH_MS);
      });
      function flush() {
        state.timer = null;
        if (state.inFlight || !state.pending) return;
        var taps = state.pending;
        state.pending = 0;
        state.inFlight = true;
        T.api.action("POST", tapButton.getAttribute("data-tap-path"), { taps: taps, batch: batchID() }).then(function (result) {
          var data = result.data || {};
          if (typeof data.balance === "number") balance = data.balance;
          if (data.energy && typeof data.energy.energy === "number") state.sync(data.energy.energy);
          showBalance();
        }, function () { /* dropped; the next state load corrects the display */ }).then(function () {
          state.inFlight = false;
          if (state.pending && !state.timer) state.timer = setTimeout(flush, BATCH_MS);
        });
      }
    }

    load();
  }

  // --- ratings ------------------------------------------------------------------------------------

  function ratings(screen, root, ctx, gen) {
    var components = (screen.components || []).filter(function (c) { return c && c.type === "leaderboard"; });
    components.forEach(function (component) {
      var el = null;
      Array.prototype.forEach.call(root.querySelectorAll(".c-leaderboard[data-board]"), function (candidate) {
        if (candidate.getAttribute("data-board") === component.board) el = candidate;
      });
      if (!el) return;
      function load(period) {
        var path = "/api/v1/{tenant}/ratings/" + encodeURIComponent(component.board) + "?period=" + encodeURIComponent(period) +
          "&section=" + encodeURIComponent(T.render.str(screen.id));
        T.api.get(path).then(function (result) {
          if (gen !== generation) return;
          var data = result.data || {};
          var top = Array.isArray(data.top) ? data.top : [];
          var entries = top.slice();
          var meShown = top.some(function (e) { return e && e.is_me === true; });
          if (data.me && !meShown) {
            var around = (Array.isArray(data.above) ? data.above : []).concat([data.me], Array.isArray(data.below) ? data.below : []);
            var lastTop = top.length ? top[top.length - 1].rank : 0;
            around = around.filter(function (e) { return e && !top.some(function (x) { return x.rank === e.rank && x.name === e.name && x.points === e.points; }); });
            if (around.length && around[0].rank > lastTop + 1) entries.push({ gap: true });
            entries = entries.concat(around);
          }
          var filled = {};
          Object.keys(component).forEach(function (key) { filled[key] = component[key]; });
          filled.period = period;
          filled.entries = entries;
          var fresh = T.render.component(filled, { perform: ctx.perform, participantID: ctx.participantID, onPeriod: load });
          fresh.setAttribute("data-loaded", "true");
          el.replaceWith(fresh);
          el = fresh;
        }, function () { /* keep the empty board */ });
      }
      load(T.render.str(component.period) || "all_time");
    });
  }

  T.gamefi = {
    /** Called after each screen render. */
    enhance: function (screen, root, ctx) {
      generation += 1;
      refreshState = null;
      if (!screen || typeof screen !== "object") return;
      if (screen.type === "gamefi") gamefi(screen, root, ctx, generation);
      else if (screen.type === "ratings") ratings(screen, root, ctx, generation);
    },
    /** Called after a successful API action: claims refresh the state; referral opens sharing. */
    actionDone: function (action, data) {
      var path = T.render.str(action && action.path);
      if (/\/referral$/.test(path) && T.render.safeURL(data.link)) {
        T.tg.openLink("https://t.me/share/url?url=" + encodeURIComponent(data.link));
      }
      if (/\/quests\/[a-z0-9-]+\/claim$/.test(path) && refreshState) refreshState();
    }
  };
})();
