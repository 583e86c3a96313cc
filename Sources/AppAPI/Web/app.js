/*
 * Tessera mini app: boot, navigation (hash routes `#/s/<section>`), actions and page states.
 *
 * Test hooks: `window.__tessera.state`; after each settled render `body[data-ready="true"]` and
 * `body[data-state]` ∈ screen | error | launch-required | empty, plus `body[data-screen]` (section id)
 * for screens.
 */
(function () {
  "use strict";

  var T = window.Tessera;
  var h = T.render.h;
  var t = function (key) { return T.strings.t(key); };
  var SECTION = /^[a-z][a-z0-9-]{0,39}$/;
  /** A route: a section, or an item's own screen within it (`news/posts/12`, `events/events/3`). */
  var ROUTE = /^([a-z][a-z0-9-]{0,39})(?:\/((?:posts|events)\/[1-9][0-9]{0,17}))?$/;

  var state = {
    tenant: T.api.tenant,
    hasInitData: false,
    native: false,
    status: "loading",   // loading | screen | error | launch-required | empty
    manifest: null,
    section: null,
    screen: null,
    personalText: null,   // the caller's part of the screen on display, as the server sent it
    error: null,          // { status, code, message } of the last failure
    depth: 0
  };
  window.__tessera = { state: state };

  var screenCache = {};   // section → { text, screen, onScreen? }: shown instantly, then revalidated
  var scrollPositions = {};
  var requestSeq = 0;
  var lastTab = null;

  var el = {
    content: document.getElementById("content"),
    tabbar: document.getElementById("tabbar"),
    topnav: document.getElementById("topnav"),
    backbar: document.getElementById("backbar"),
    toast: document.getElementById("toast")
  };

  // --- page state hooks ---------------------------------------------------------------------------

  function settle(status, section) {
    state.status = status;
    document.body.setAttribute("data-state", status);
    if (section) {
      document.body.setAttribute("data-screen", section);
      if (status === "screen" && T.analytics && state.lastTracked !== section) {
        state.lastTracked = section;
        T.analytics.screenView(section);
      }
    }
    else document.body.removeAttribute("data-screen");
    document.body.setAttribute("data-ready", "true");
  }

  function unsettle() {
    state.status = "loading";
    document.body.setAttribute("data-state", "loading");
    document.body.removeAttribute("data-ready");
  }

  // --- toast --------------------------------------------------------------------------------------

  var toastTimer = null;
  function toast(message, kind) {
    el.toast.textContent = message;
    el.toast.className = "toast is-visible" + (kind ? " toast-" + kind : "");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.toast.className = "toast"; }, Math.max(2500, message.length * 60));
  }

  // --- theme accent -------------------------------------------------------------------------------

  var HEX = /^#[0-9a-f]{6}$/i;

  function contrastText(hex) {
    var r = parseInt(hex.substr(1, 2), 16), g = parseInt(hex.substr(3, 2), 16), b = parseInt(hex.substr(5, 2), 16);
    return (0.299 * r + 0.587 * g + 0.114 * b) / 255 > 0.62 ? "#000000" : "#ffffff";
  }

  function applyAccent() {
    var theme = (state.manifest && state.manifest.theme) || {};
    var light = HEX.test(theme.accent || "") ? theme.accent : null;
    var dark = HEX.test(theme.accent_dark || "") ? theme.accent_dark : light;
    var accent = T.tg.isDark() ? dark : light;
    var style = document.documentElement.style;
    if (accent) {
      style.setProperty("--app-accent", accent);
      style.setProperty("--app-accent-text", contrastText(accent));
    } else {
      style.removeProperty("--app-accent");
      style.removeProperty("--app-accent-text");
    }
  }
  T.tg.onThemeChange(applyAccent);

  // --- navigation ---------------------------------------------------------------------------------

  function navItems() {
    var nav = state.manifest && state.manifest.navigation;
    var items = nav && Array.isArray(nav.items) ? nav.items : [];
    return items.filter(function (item) { return item && SECTION.test(item.section || ""); });
  }

  function homeSection() {
    var items = navItems();
    return items.length ? items[0].section : null;
  }

  function isTab(section) {
    return navItems().some(function (item) { return item.section === section; });
  }

  function sectionFromHash() {
    var match = /^#\/s\/([a-z0-9\/-]{1,80}?)\/?$/.exec(window.location.hash);
    return match && ROUTE.test(match[1]) ? match[1] : null;
  }

  function historyDepth() {
    var s = window.history.state;
    return s && typeof s.depth === "number" ? s.depth : 0;
  }

  /** push: a sub-screen on top of the current one (Back returns); otherwise replace (tabs). */
  function navigate(section, push) {
    if (!ROUTE.test(section || "")) return;
    if (state.section) scrollPositions[state.section] = window.scrollY;
    var url = "#/s/" + section;
    var depth = push ? historyDepth() + 1 : 0;
    try {
      if (push) window.history.pushState({ depth: depth }, "", url);
      else window.history.replaceState({ depth: depth }, "", url);
    } catch (e) {
      window.location.hash = url;
      return;
    }
    route(push ? "push" : "replace");
  }

  function goBack() {
    T.tg.haptic("light");
    if (historyDepth() > 0) window.history.back();
    else navigate(homeSection() || state.section, false);
  }

  function buildNav() {
    var nav = (state.manifest && state.manifest.navigation) || {};
    var items = navItems();
    var menu = nav.style === "menu";
    var container = menu ? el.topnav : el.tabbar;
    (menu ? el.tabbar : el.topnav).hidden = true;
    container.textContent = "";
    document.body.classList.toggle("has-tabbar", !menu && items.length > 1);
    document.body.classList.toggle("has-topnav", menu && items.length > 1);
    if (items.length < 2) {
      container.hidden = true;
      return;
    }
    var list = h("div", { "class": menu ? "topnav-list" : "tabbar-list" });
    items.forEach(function (item) {
      var button = h("button", {
        "class": menu ? "topnav-item" : "tab",
        attrs: { type: "button", "data-section": item.section }
      }, menu ? [T.render.str(item.title) || item.section] : [
        T.icons.icon(item.icon || item.section, "tab-icon"),
        h("span", { "class": "tab-label", text: T.render.str(item.title) || item.section })
      ]);
      button.addEventListener("click", function () {
        T.tg.haptic("selection");
        if (item.section === state.section && state.status === "screen") {
          window.scrollTo({ top: 0, behavior: "smooth" });
          return;
        }
        navigate(item.section, false);
      });
      list.appendChild(button);
    });
    container.appendChild(list);
    container.hidden = false;
    if (menu) container.setAttribute("aria-label", T.render.str(state.manifest.name) || "Menu");
    document.body.classList.toggle("tabs-many", !menu && items.length > 5);
  }

  function markActiveNav(section) {
    if (isTab(section)) lastTab = section;
    var active = isTab(section) ? section : lastTab;
    [el.tabbar, el.topnav].forEach(function (container) {
      Array.prototype.forEach.call(container.querySelectorAll("button[data-section]"), function (button) {
        var on = button.getAttribute("data-section") === active;
        if (on) button.setAttribute("aria-current", "page");
        else button.removeAttribute("aria-current");
        if (on && container === el.topnav && button.scrollIntoView) {
          button.scrollIntoView({ block: "nearest", inline: "center" });
        }
      });
    });
  }

  function updateBack(section) {
    var needsBack = historyDepth() > 0 || (!!homeSection() && !isTab(section));
    var native = T.tg.setBack(needsBack, goBack);
    el.backbar.textContent = "";
    var showOwn = needsBack && !native;
    el.backbar.hidden = !showOwn;
    document.body.classList.toggle("has-backbar", showOwn);
    if (!showOwn) return;
    var back = h("button", { "class": "backbar-button", attrs: { type: "button" } }, [
      T.icons.icon("back", "backbar-icon"),
      h("span", { text: t("back") })
    ]);
    back.addEventListener("click", goBack);
    el.backbar.appendChild(back);
  }

  // --- actions ------------------------------------------------------------------------------------

  /** Runs a component action; returns a promise for the async kinds (the caller shows busy state). */
  function perform(action, sourceEl, body, options) {
    var quiet = options && options.quiet;
    if (T.analytics) T.analytics.action(state.section, action);
    switch (action.kind) {
      case "open_screen":
        if (SECTION.test(action.screen || "")) navigate(action.screen, true);
        return undefined;
      case "open_detail": {
        var route = T.render.str(action.section) + "/" + T.render.str(action.detail);
        if (ROUTE.test(route) && route.indexOf("/") > 0) navigate(route, true);
        return undefined;
      }
      case "open_link": {
        var url = T.render.safeURL(action.url, true);
        if (!url) {
          toast(t("linkBlocked"), "error");
          return undefined;
        }
        T.tg.openLink(url);
        return undefined;
      }
      case "api":
        return T.api.action(action.method, action.path, body).then(function (result) {
          var data = result.data && typeof result.data === "object" ? result.data : {};
          if (T.gamefi) T.gamefi.actionDone(action, data);
          // A checkout answers with its Stars invoice: the button stays busy until it closes.
          if (typeof data.invoice_link === "string") return payInvoice(data);
          if (!quiet) {
            T.tg.haptic("success");
            toast(typeof data.message === "string" && data.message ? data.message : t("done"), "success");
          }
          refreshAfterAction();
          return data;
        }, function (error) {
          if (!quiet) {
            T.tg.haptic("error");
            toast(actionErrorText(error), "error");
          }
          throw error;
        });
      case "open_invoice":
        return openInvoice(action);
      default:
        return undefined;
    }
  }

  /** The shop section a Stars action belongs to: the current screen's section. */
  function currentShop() {
    return String(state.section || "").split("/")[0];
  }

  /**
   * `open_invoice` (shops without a cart): the server creates a one-product order and its invoice
   * (POST /api/v1/{tenant}/sections/<shop>/checkout {"product"} → {order, invoice_link}), then the
   * invoice opens as after a cart checkout. A direct `url` in the action is opened as it is.
   */
  function openInvoice(action) {
    var direct = T.render.safeURL(action.url);
    if (direct) return payInvoice({ invoice_link: direct });
    var shop = currentShop();
    if (!SECTION.test(shop)) return undefined;
    return T.api.action("POST", "/api/v1/{tenant}/sections/" + shop + "/checkout", {
      product: T.render.str(action.product)
    }).then(function (result) {
      return payInvoice(result.data || {});
    }).catch(function (error) {
      T.tg.haptic("error");
      toast(actionErrorText(error), "error");
    });
  }

  /**
   * Pays a checkout's invoice and settles when the payment sheet closes, so the button that started
   * it stays busy (rapid taps cannot open two invoices; the server is idempotent anyway).
   * Inside Telegram: `Telegram.WebApp.openInvoice`. In an ordinary browser under `tessera dev`
   * the server offers `simulated_payment` (the Bot API simulator pays through the same webhook
   * flow); elsewhere the order stays pending and the user is told to open the app in Telegram.
   */
  function payInvoice(data) {
    var url = T.render.safeURL(data.invoice_link);
    var finish = function (status) {
      if (status === "paid") {
        T.tg.haptic("success");
        toast(t("invoicePaid"), "success");
      } else if (status === "failed") {
        T.tg.haptic("error");
        toast(t("invoiceFailed"), "error");
      }
      refreshAfterAction();
      return status;
    };
    if (url && T.tg.canOpenInvoice()) {
      return new Promise(function (resolve) {
        T.tg.openInvoice(url, function (status) { resolve(finish(status)); });
      });
    }
    var simulated = T.api.resolveActionPath(data.simulated_payment);
    if (simulated) {
      return T.api.action("POST", simulated, {}).then(function (result) {
        return finish(result.data && result.data.paid ? "paid" : "failed");
      }, function (error) {
        toast(actionErrorText(error), "error");
        return finish("failed");
      });
    }
    toast(t("invoiceNeedsTelegram"), "info");
    refreshAfterAction();
    return Promise.resolve("pending");
  }

  /**
   * Live data changed (a registration, a cancellation): drop cached screens and revalidate this
   * one in place — the screen on display stays until the fresh copy replaces it (no skeleton flash
   * after every tap).
   */
  function refreshAfterAction() {
    var section = state.section;
    var current = section && screenCache[section];
    screenCache = {};
    if (!section) return;
    if (current) {
      screenCache[section] = {
        text: current.text, screen: current.screen, personal: current.personal, personalText: current.personalText, onScreen: true
      };
    }
    setTimeout(function () { loadScreen(section, "refresh"); }, 0);
  }

  // --- states -------------------------------------------------------------------------------------

  function errorCopy(error) {
    var status = error && error.status;
    if (status === 401) return { title: t("expiredTitle"), text: t("expiredText"), icon: "lock", kind: "expired" };
    if (status === 403) return { title: t("suspendedTitle"), text: t("suspendedText"), icon: "lock", kind: "suspended" };
    if (status === 404) return { title: t("notFoundTitle"), text: t("notFoundText"), icon: "search", kind: "not-found" };
    if (status === 0 && error.code === "network") return { title: t("networkTitle"), text: t("networkText"), icon: "cloud", kind: "network" };
    return { title: t("errorTitle"), text: t("errorText"), icon: "alert", kind: "error" };
  }

  /** A short text for a failed action: the server's own message for 4xx, a generic one otherwise. */
  function actionErrorText(error) {
    var status = error && error.status;
    if (status === 401 || status === 403 || (status === 0 && error.code === "network") || status >= 500 || !error.message) {
      return errorCopy(error || {}).title;
    }
    return error.message;
  }
  T.actionErrorText = actionErrorText;

  function showMessage(options) {
    T.tg.setMainButton(null);
    var children = [
      h("div", { "class": "message-visual" }, [T.icons.icon(options.icon, "message-icon")]),
      h("h1", { "class": "message-title", text: options.title }),
      h("p", { "class": "message-text", text: options.text })
    ];
    var actions = h("div", { "class": "message-actions" });
    (options.buttons || []).forEach(function (spec) {
      var button = h("button", { "class": "btn " + (spec.primary ? "btn-primary" : "btn-secondary"), text: spec.text, attrs: { type: "button" } });
      button.addEventListener("click", function () { T.tg.haptic("light"); spec.run(); });
      actions.appendChild(button);
    });
    if (actions.firstChild) children.push(actions);
    if (options.note) children.push(h("p", { "class": "message-note", text: options.note }));
    el.content.textContent = "";
    el.content.appendChild(h("section", { "class": "message message-" + options.kind, attrs: { "data-kind": options.kind } }, children));
  }

  function showError(error, retry) {
    state.error = { status: error.status || 0, code: error.code || "error", message: error.message || "" };
    var copy = errorCopy(error);
    var buttons = [];
    if (copy.kind === "expired" && T.tg.isNative()) buttons.push({ text: t("close"), primary: true, run: T.tg.close });
    var home = homeSection();
    if (copy.kind === "not-found" && state.manifest && home && home !== state.section) {
      buttons.push({ text: t("home"), primary: true, run: function () { navigate(home, false); } });
    } else {
      buttons.push({ text: t("retry"), primary: buttons.length === 0, run: retry });
    }
    showMessage({
      kind: copy.kind, icon: copy.icon, title: copy.title, text: copy.text, buttons: buttons,
      note: copy.kind === "error" && error.message ? error.message : ""
    });
    settle("error", null);
  }

  function showLoading() {
    el.content.textContent = "";
    var skeleton = h("div", { "class": "skeleton", attrs: { "aria-busy": "true", "aria-label": t("loading") } }, [
      h("div", { "class": "sk sk-title" }), h("div", { "class": "sk sk-line" }), h("div", { "class": "sk sk-line sk-short" }),
      h("div", { "class": "sk sk-card" }), h("div", { "class": "sk sk-card" })
    ]);
    el.content.appendChild(skeleton);
  }

  // --- screens ------------------------------------------------------------------------------------

  /**
   * Renders `screen`; a shared screen with a caller's part (`screen.personal`) gets `personal`
   * (`{slots, items}`, see PersonalFill) put in: each slot's components, the cards' badges. While
   * that part is still on its way the screen shows without it and settles once it arrives.
   */
  function renderScreen(section, screen, how, personal, personalText) {
    state.section = section;
    state.screen = screen;
    state.personalText = personal ? personalText : null;
    state.error = null;
    state.depth = historyDepth();
    el.content.textContent = "";
    var renderCtx = {
      perform: perform, toast: toast,
      loadMore: function (path) { return T.api.get(path).then(function (result) { return result.data || {}; }); },
      participantID: state.manifest && state.manifest.participant ? state.manifest.participant.id : null
    };
    el.content.appendChild(T.render.screen(personal ? T.render.withPersonal(screen, personal) : screen, renderCtx));
    if (T.gamefi) T.gamefi.enhance(screen, el.content, renderCtx);
    var appName = T.render.str(state.manifest && state.manifest.name);
    var title = T.render.str(screen.title);
    document.title = title && appName && title !== appName ? title + " · " + appName : (title || appName || document.title);
    markActiveNav(section);
    updateBack(section);
    syncMainButton(section, screen);
    if (how !== "refresh") {
      var y = how === "push" ? 0 : scrollPositions[section] || 0;
      window.scrollTo(0, y);
      if (how === "push" || how === "replace") el.content.focus({ preventScroll: true });
    }
    if (!screen.personal || personal) settle("screen", section);
  }

  /**
   * The caller's own part of a shared screen, asked for after the shared part is painted (that
   * one comes from the server's memory; this one from its database). Rendered again only when it
   * changed; a failure leaves the shared screen as it is.
   */
  function loadPersonal(section, screen, seq) {
    if (!screen || typeof screen.personal !== "string") return;
    T.api.get(screen.personal).then(function (result) {
      if (seq !== requestSeq || state.section !== section || state.screen !== screen) return;
      if (state.personalText === result.text) {
        settle("screen", section);
        return;
      }
      var personal = result.data && typeof result.data === "object" ? result.data : {};
      var entry = screenCache[section];
      if (entry && entry.screen === screen) {
        entry.personal = personal;
        entry.personalText = result.text;
      }
      if (isTyping()) return;
      renderScreen(section, screen, "refresh", personal, result.text);
    }, function () {
      if (seq === requestSeq && state.section === section) settle("screen", section);
    });
  }

  function isTyping() {
    return document.activeElement && el.content.contains(document.activeElement) &&
      /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
  }

  /**
   * The screen's primary action on Telegram's MainButton (inside Telegram, 6.0+): an event's
   * Register (the form's submit) or Pay N ⭐, the shop cart's checkout. The on-page button is
   * hidden while the MainButton stands in for it and is what the MainButton clicks, so both
   * share one code path; leaving the screen hides the MainButton.
   */
  function mainTarget(section, screen) {
    var type = screen && screen.type;
    if (type === "events" && section.indexOf("/") > 0) {
      return el.content.querySelector('.c-button.btn-primary[data-api-path$="/invoice"]') ||
        el.content.querySelector("form.c-form .form-submit");
    }
    if (type === "shop") return el.content.querySelector('.c-button[data-api-path$="/checkout"]');
    return null;
  }

  function syncMainButton(section, screen) {
    var target = section && screen ? mainTarget(section, screen) : null;
    if (!target) {
      T.tg.setMainButton(null);
      return;
    }
    var form = target.form;
    var used = T.tg.setMainButton({
      text: target.textContent || "",
      run: function () {
        if (form && typeof form.requestSubmit === "function") form.requestSubmit(target);
        else target.click();
        // Progress until the on-page button is no longer busy (the action settled).
        return new Promise(function (resolve) {
          var started = Date.now();
          var poll = setInterval(function () {
            if (target.getAttribute("aria-busy") !== "true" || !target.isConnected || Date.now() - started > 60000) {
              clearInterval(poll);
              resolve();
            }
          }, 150);
        });
      }
    });
    if (used) target.classList.add("is-main-proxied");
  }

  function loadScreen(section, how) {
    var seq = ++requestSeq;
    var cached = screenCache[section];
    // A copy already on display (see refreshAfterAction) is not rendered again, only revalidated.
    var displayed = cached && cached.onScreen && section === state.section;
    if (cached && cached.onScreen) delete cached.onScreen;
    if (displayed) { /* stays as it is until the answer differs */ }
    else if (cached) renderScreen(section, cached.screen, how, cached.personal, cached.personalText);
    else {
      unsettle();
      T.tg.setMainButton(null);
      state.section = section;
      markActiveNav(section);
      updateBack(section);
      showLoading();
    }
    var parts = ROUTE.exec(section) || [];
    (parts[2] ? T.api.detail(parts[1], parts[2]) : T.api.screen(section)).then(function (result) {
      if (seq !== requestSeq) return;
      var screen = result.data && result.data.screen;
      if (!screen || typeof screen !== "object") throw new T.api.ApiError(0, "bad_response", "Unexpected screen format.");
      if (cached && cached.text === result.text) {
        loadPersonal(section, state.screen, seq);
        return;
      }
      // The caller's part shown so far stays on the new shared screen until its own answer comes.
      var personal = cached && cached.personal;
      screenCache[section] = { text: result.text, screen: screen, personal: personal, personalText: cached && cached.personalText };
      if (!(cached && isTyping())) renderScreen(section, screen, cached ? "refresh" : how, personal, cached && cached.personalText);
      loadPersonal(section, screen, seq);
    }).catch(function (error) {
      if (seq !== requestSeq) return;
      if (cached && error.status !== 401 && error.status !== 403 && error.status !== 404) return; // keep showing the cached copy
      delete screenCache[section];
      updateBack(section);
      showError(error, function () { loadScreen(section, "replace"); });
    });
  }

  function route(how) {
    if (!state.manifest) return;
    var section = sectionFromHash();
    if (!section) {
      var home = homeSection();
      if (!home) {
        showMessage({ kind: "empty", icon: "sparkles", title: t("noSections"), text: t("noSectionsText") });
        settle("empty", null);
        return;
      }
      try {
        window.history.replaceState({ depth: 0 }, "", "#/s/" + home);
      } catch (e) { /* ignore */ }
      section = home;
    }
    if (how === "pop" && section === state.section && (state.status === "screen" || state.status === "loading")) return;
    loadScreen(section, how || "pop");
  }

  function onHistory() {
    if (state.section) scrollPositions[state.section] = window.scrollY;
    route("pop");
  }

  // --- boot ---------------------------------------------------------------------------------------

  function loadManifest() {
    unsettle();
    showLoading();
    T.api.manifest().then(function (result) {
      var manifest = result.data;
      if (!manifest || typeof manifest !== "object") throw new T.api.ApiError(0, "bad_response", "Unexpected manifest format.");
      state.manifest = manifest;
      var locale = T.strings.setLocale(manifest.locale || T.tg.userLanguage());
      document.documentElement.lang = T.render.str(manifest.locale) || locale;
      if (T.render.str(manifest.name)) document.title = manifest.name;
      applyAccent();
      buildNav();
      route("replace");
    }).catch(function (error) {
      showError(error, loadManifest);
    });
  }

  function showLaunchRequired() {
    showMessage({
      kind: "launch-required", icon: "plane", title: t("gateTitle"), text: t("gateText"), note: t("gateDev")
    });
    settle("launch-required", null);
  }

  function boot() {
    T.strings.setLocale(T.tg.userLanguage());
    window.addEventListener("popstate", onHistory);
    window.addEventListener("hashchange", onHistory);
    T.tg.onSDK(function () {
      state.native = T.tg.isNative();
      if (state.section) updateBack(state.section);
    });
    state.native = T.tg.isNative();
    state.hasInitData = !!T.tg.initData();
    if (!state.hasInitData || !state.tenant) {
      showLaunchRequired();
      return;
    }
    loadManifest();
  }

  boot();
})();
