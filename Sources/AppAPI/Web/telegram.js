/*
 * Tessera mini app: the Telegram bridge.
 *
 * Reads the launch parameters (the URL fragment Telegram appends, falling back to sessionStorage),
 * applies the theme, and wraps the few Telegram.WebApp features the shell uses. The official
 * telegram-web-app.js is loaded with `async` and may never arrive (no network, dev browser): every
 * helper here works without it.
 */
(function () {
  "use strict";

  var T = (window.Tessera = window.Tessera || {});

  // The key and format telegram-web-app.js itself uses: when it loads after we have rewritten the
  // fragment to a route, it still finds the launch parameters here.
  var STORAGE_KEY = "__telegram__initParams";

  var THEME_KEYS = [
    "bg_color", "text_color", "hint_color", "link_color", "button_color", "button_text_color",
    "secondary_bg_color", "header_bg_color", "bottom_bar_bg_color", "accent_text_color",
    "section_bg_color", "section_header_text_color", "section_separator_color",
    "subtitle_text_color", "destructive_text_color"
  ];
  var COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

  function decode(text) {
    try {
      return decodeURIComponent(text.replace(/\+/g, "%20"));
    } catch (e) {
      return text;
    }
  }

  /** Splits a fragment the way telegram-web-app.js does: `path?key=value&…`, `key=value&…` or `path`. */
  function parseFragment(hash) {
    var result = { path: "", params: {} };
    var text = (hash || "").replace(/^#/, "");
    if (!text) return result;
    if (text.indexOf("=") < 0 && text.indexOf("?") < 0) {
      result.path = decode(text);
      return result;
    }
    var q = text.indexOf("?");
    if (q >= 0) {
      result.path = decode(text.slice(0, q));
      text = text.slice(q + 1);
    }
    text.split("&").forEach(function (pair) {
      if (!pair) return;
      var eq = pair.indexOf("=");
      var key = decode(eq < 0 ? pair : pair.slice(0, eq));
      result.params[key] = eq < 0 ? "" : decode(pair.slice(eq + 1));
    });
    return result;
  }

  function readStored() {
    try {
      var value = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY));
      return value && typeof value === "object" ? value : {};
    } catch (e) {
      return {};
    }
  }

  function writeStored(params) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(params));
    } catch (e) { /* private mode or storage disabled: reloads will need the fragment again */ }
  }

  function parseJSONObject(text) {
    if (!text) return null;
    try {
      var value = JSON.parse(text);
      return value && typeof value === "object" && !Array.isArray(value) ? value : null;
    } catch (e) {
      return null;
    }
  }

  /**
   * Consumes the launch fragment once, at startup: fragment values win over stored ones (as in
   * telegram-web-app.js), the merge is stored for reloads, and the fragment is replaced by the route
   * it carried (if any) so that hash routing never sees launch data.
   */
  function consumeLaunchFragment() {
    var fragment = parseFragment(window.location.hash);
    var params = {};
    var isLaunch = false;
    Object.keys(fragment.params).forEach(function (key) {
      params[key] = fragment.params[key];
      if (key.indexOf("tgWebApp") === 0) isLaunch = true;
    });
    var stored = readStored();
    Object.keys(stored).forEach(function (key) {
      if (params[key] === undefined && typeof stored[key] === "string") params[key] = stored[key];
    });
    writeStored(params);

    if (isLaunch) {
      var route = fragment.path.charAt(0) === "/" ? "#" + fragment.path : "";
      var url = window.location.pathname + window.location.search + route;
      try {
        window.history.replaceState(window.history.state, "", url);
      } catch (e) {
        window.location.replace(url || "#");
      }
    }
    return {
      initData: params.tgWebAppData || "",
      version: params.tgWebAppVersion || "",
      platform: params.tgWebAppPlatform || "",
      startParam: params.tgWebAppStartParam || startFromQuery(),
      themeParams: parseJSONObject(params.tgWebAppThemeParams) || {}
    };
  }

  /**
   * The `startapp` query parameter of the bot's welcome button: Telegram sets `start_param` only
   * for t.me links, so the bot carries a `/start` parameter on in the web_app URL instead.
   * Only what a deep link may hold (A-Z a-z 0-9 _ -, at most 64) counts.
   */
  function startFromQuery() {
    var match = /[?&]startapp=([A-Za-z0-9_-]{1,64})(?:&|$)/.exec(window.location.search);
    return match ? match[1] : "";
  }

  var launch = consumeLaunchFragment();

  function webApp() {
    var tg = window.Telegram;
    return tg && tg.WebApp ? tg.WebApp : null;
  }

  /** True inside a real Telegram client (not the SDK running in an ordinary browser). */
  function isNative() {
    var w = webApp();
    return !!(w && w.initData && w.platform && w.platform !== "unknown");
  }

  function isVersionAtLeast(version) {
    var w = webApp();
    try {
      return !!(w && typeof w.isVersionAtLeast === "function" && w.isVersionAtLeast(version));
    } catch (e) {
      return false;
    }
  }

  function initData() {
    var w = webApp();
    return (w && w.initData) || launch.initData;
  }

  function luminance(hex) {
    var h = hex.replace("#", "");
    if (h.length === 3) h = h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
    var rgb = [0, 2, 4].map(function (i) {
      var c = parseInt(h.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  }

  var currentTheme = {};
  var themeListeners = [];

  /** Writes Telegram theme params as `--tg-theme-*` variables and sets `data-scheme` when known. */
  function applyTheme(params) {
    var style = document.documentElement.style;
    currentTheme = {};
    THEME_KEYS.forEach(function (key) {
      var value = params && params[key];
      if (typeof value === "string" && COLOR.test(value)) {
        currentTheme[key] = value;
        style.setProperty("--tg-theme-" + key.replace(/_/g, "-"), value);
      }
    });
    var w = webApp();
    var scheme = "";
    if (currentTheme.bg_color) scheme = luminance(currentTheme.bg_color) < 0.35 ? "dark" : "light";
    else if (w && (w.colorScheme === "dark" || w.colorScheme === "light") && isNative()) scheme = w.colorScheme;
    if (scheme) document.documentElement.setAttribute("data-scheme", scheme);
    else document.documentElement.removeAttribute("data-scheme");
    themeListeners.forEach(function (fn) { fn(); });
  }

  function isDark() {
    var scheme = document.documentElement.getAttribute("data-scheme");
    if (scheme) return scheme === "dark";
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  applyTheme(launch.themeParams);
  if (window.matchMedia) {
    var media = window.matchMedia("(prefers-color-scheme: dark)");
    var onMedia = function () { themeListeners.forEach(function (fn) { fn(); }); };
    if (media.addEventListener) media.addEventListener("change", onMedia);
    else if (media.addListener) media.addListener(onMedia);
  }

  var backHandler = null;
  var mainHandler = null;
  var mainBusy = false;
  var backVisible = false;
  var sdkListeners = [];

  function syncBackButton() {
    var w = webApp();
    if (!w || !w.BackButton || !isVersionAtLeast("6.1")) return;
    try {
      if (backVisible) w.BackButton.show();
      else w.BackButton.hide();
    } catch (e) { /* ignore: the shell keeps working without the native button */ }
  }

  var attached = false;

  /** Runs once telegram-web-app.js is available. */
  function attach() {
    var w = webApp();
    if (!w || attached) return;
    attached = true;
    try { w.ready(); } catch (e) { /* ignore */ }
    try { w.expand(); } catch (e) { /* ignore */ }
    if (isNative() && isVersionAtLeast("6.1")) {
      try {
        w.setHeaderColor("secondary_bg_color");
        w.setBackgroundColor("secondary_bg_color");
      } catch (e) { /* ignore */ }
    }
    if (w.themeParams && Object.keys(w.themeParams).length) applyTheme(w.themeParams);
    try {
      w.onEvent("themeChanged", function () { applyTheme(w.themeParams || {}); });
    } catch (e) { /* ignore */ }
    if (w.BackButton && isVersionAtLeast("6.1")) {
      try {
        w.BackButton.onClick(function () { if (backHandler) backHandler(); });
      } catch (e) { /* ignore */ }
      syncBackButton();
    }
    sdkListeners.forEach(function (fn) { fn(); });
  }

  if (webApp()) {
    attach();
  } else {
    var sdk = document.getElementById("tg-sdk");
    if (sdk) sdk.addEventListener("load", attach);
  }

  function isTelegramLink(url) {
    return /^https:\/\/t\.me\//i.test(url);
  }

  T.tg = {
    launch: launch,
    parseFragment: parseFragment,
    webApp: webApp,
    isNative: isNative,
    isVersionAtLeast: isVersionAtLeast,
    initData: initData,
    isDark: isDark,
    theme: function () { return currentTheme; },
    onThemeChange: function (fn) { themeListeners.push(fn); },
    onSDK: function (fn) { sdkListeners.push(fn); if (attached) fn(); },

    /** Shows or hides the native BackButton; returns false when the caller must draw its own. */
    setBack: function (visible, handler) {
      backVisible = !!visible;
      backHandler = handler || null;
      syncBackButton();
      return isNative() && isVersionAtLeast("6.1");
    },

    /**
     * Telegram's MainButton as the screen's primary action: `spec` {text, run} shows it (run may
     * return a promise: the button shows progress until it settles); null hides it and drops the
     * handler. Returns false when the caller must keep its own on-page button (outside Telegram,
     * or a client older than 6.0).
     */
    setMainButton: function (spec) {
      var w = webApp();
      if (!w || !w.MainButton || !isNative() || !isVersionAtLeast("6.0")) return false;
      var main = w.MainButton;
      try {
        if (mainHandler) main.offClick(mainHandler);
        mainHandler = null;
        // A new screen (or none): whatever ran before no longer owns the button.
        mainBusy = false;
        main.hideProgress();
        if (!spec) {
          main.hide();
          return true;
        }
        var handler = function () {
          if (mainBusy) return;
          mainBusy = true;
          T.tg.haptic("light");
          try { main.showProgress(false); } catch (e) { /* ignore */ }
          var done = function () {
            if (mainHandler !== handler) return; // the screen changed meanwhile
            mainBusy = false;
            try { main.hideProgress(); } catch (e) { /* ignore */ }
          };
          Promise.resolve().then(spec.run).then(done, done);
        };
        mainHandler = handler;
        main.setText(spec.text);
        main.onClick(mainHandler);
        main.show();
        return true;
      } catch (e) {
        return false;
      }
    },

    /** Light tap feedback; kind is an impact style, a notification type or "selection". */
    haptic: function (kind) {
      var w = webApp();
      if (!w || !w.HapticFeedback || !isNative() || !isVersionAtLeast("6.1")) return;
      try {
        if (kind === "success" || kind === "error" || kind === "warning") w.HapticFeedback.notificationOccurred(kind);
        else if (kind === "selection") w.HapticFeedback.selectionChanged();
        else w.HapticFeedback.impactOccurred(kind || "light");
      } catch (e) { /* ignore */ }
    },

    openLink: function (url) {
      var w = webApp();
      if (w && isNative()) {
        try {
          if (isTelegramLink(url) && typeof w.openTelegramLink === "function" && isVersionAtLeast("6.1")) w.openTelegramLink(url);
          else w.openLink(url);
          return;
        } catch (e) { /* fall through to window.open */ }
      }
      window.open(url, "_blank", "noopener,noreferrer");
    },

    /** True when Stars checkout can open here. */
    canOpenInvoice: function () {
      var w = webApp();
      return !!(w && isNative() && typeof w.openInvoice === "function" && isVersionAtLeast("6.1"));
    },

    /** Opens an invoice link; calls done(status) with "paid", "cancelled", "failed" or "pending". */
    openInvoice: function (url, done) {
      var w = webApp();
      try {
        w.openInvoice(url, function (status) { done(status); });
      } catch (e) {
        done("failed");
      }
    },

    close: function () {
      var w = webApp();
      if (w && isNative()) {
        try { w.close(); } catch (e) { /* ignore */ }
      }
    },

    /** The language Telegram reports for the user, before the manifest says otherwise. */
    userLanguage: function () {
      var w = webApp();
      var user = w && w.initDataUnsafe && w.initDataUnsafe.user;
      if (user && user.language_code) return user.language_code;
      var fields = parseFragment("#" + launch.initData).params;
      var parsed = parseJSONObject(fields.user);
      return (parsed && parsed.language_code) || navigator.language || "en";
    }
  };
})();
