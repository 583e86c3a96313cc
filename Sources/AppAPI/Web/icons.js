/*
 * Tessera mini app: a small set of line icons (24×24, stroke), built with DOM APIs.
 * Blueprints name icons loosely ("newspaper", "news", "shop"…); unknown names get a neutral dot.
 */
(function () {
  "use strict";

  var T = (window.Tessera = window.Tessera || {});
  var SVG_NS = "http://www.w3.org/2000/svg";

  var PATHS = {
    home: "M3 11l9-8 9 8M5 9.5V20h5v-6h4v6h5V9.5",
    newspaper: "M4 5h13v14H6a2 2 0 0 1-2-2zM17 9h3v8a2 2 0 0 1-2 2M7 9h7M7 12.5h7M7 16h4",
    calendar: "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5",
    bag: "M5 8h14l-1 12H6zM9 8V6.5a3 3 0 0 1 6 0V8",
    cart: "M3 4h2l2.4 10.5h10.2L20 7H6.2M9 19.5h.01M17 19.5h.01",
    trophy: "M8 4h8v5a4 4 0 0 1-8 0zM8 6H5a3 3 0 0 0 3 4M16 6h3a3 3 0 0 1-3 4M12 13v4M8 20h8M10 17h4v3h-4z",
    star: "M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z",
    gamepad: "M6 8h12a4 4 0 0 1 4 4v2a3 3 0 0 1-5.4 1.8L15 14H9l-1.6 1.8A3 3 0 0 1 2 14v-2a4 4 0 0 1 4-4zM7 10v4M5 12h4M15.5 11h.01M18 13h.01",
    gift: "M4 11h16v9H4zM3 7h18v4H3zM12 7v13M12 7C11 4 7 3 7 5.5S10 7 12 7zM12 7c1-3 5-4 5-1.5S14 7 12 7z",
    user: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
    info: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 11v6M12 7.5h.01",
    chart: "M5 20V11M11 20V5M17 20v-7M3 20h18",
    ticket: "M4 6h16v4a2 2 0 0 0 0 4v4H4v-4a2 2 0 0 0 0-4zM14 6v2M14 11v2M14 16v2",
    list: "M9 6h12M9 12h12M9 18h12M4 6h.01M4 12h.01M4 18h.01",
    heart: "M12 20s-7.5-4.6-7.5-10.2A4.3 4.3 0 0 1 12 7.3a4.3 4.3 0 0 1 7.5 2.5C19.5 15.4 12 20 12 20z",
    inbox: "M3 13h5l1.5 3h5L16 13h5M5.5 5h13L21 13v6H3v-6z",
    back: "M15 18l-6-6 6-6",
    chevron: "M9 18l6-6-6-6",
    alert: "M12 3.5L22 20H2zM12 10v4.5M12 17.5h.01",
    lock: "M6 11h12v10H6zM8.5 11V7.5a3.5 3.5 0 0 1 7 0V11",
    cloud: "M7 18h10a4 4 0 0 0 .5-8A6 6 0 0 0 6 9.5 4.3 4.3 0 0 0 7 18zM4 4l16 16",
    plane: "M21 4L3 11l6 2.2L11 20l3.3-4.2L19 19zM9 13.2L18 7",
    search: "M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM20 20l-4-4",
    sparkles: "M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8zM19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8z",
    coffee: "M4 9h13v5a5 5 0 0 1-5 5H9a5 5 0 0 1-5-5zM17 10h1.5a2.5 2.5 0 0 1 0 5H17M8 3v3M12 3v3",
    dot: "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z"
  };

  var ALIASES = {
    news: "newspaper", feed: "newspaper", article: "newspaper", posts: "newspaper",
    events: "calendar", event: "calendar", schedule: "calendar",
    shop: "bag", store: "bag", shopping: "bag", "shopping-bag": "bag", catalog: "bag", basket: "cart",
    ratings: "trophy", rating: "trophy", leaderboard: "trophy", award: "trophy", medal: "trophy",
    gamefi: "gamepad", game: "gamepad", games: "gamepad", quests: "gamepad", quest: "gamepad",
    rewards: "gift", reward: "gift", bonus: "gift",
    profile: "user", account: "user", person: "user",
    about: "info", help: "info", stats: "chart", analytics: "chart",
    tickets: "ticket", menu: "list", favorites: "heart", like: "heart", empty: "inbox",
    cafe: "coffee", food: "coffee", explore: "search", new: "sparkles"
  };

  function has(name) {
    var key = String(name || "").toLowerCase();
    return Object.prototype.hasOwnProperty.call(PATHS, key) || Object.prototype.hasOwnProperty.call(ALIASES, key);
  }

  /** An <svg> element for the icon; decorative (aria-hidden) since labels carry the meaning. */
  function icon(name, className) {
    var key = String(name || "").toLowerCase();
    if (Object.prototype.hasOwnProperty.call(ALIASES, key)) key = ALIASES[key];
    if (!Object.prototype.hasOwnProperty.call(PATHS, key)) key = "dot";
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "icon" + (className ? " " + className : ""));
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", PATHS[key]);
    svg.appendChild(path);
    return svg;
  }

  T.icons = { icon: icon, has: has };
})();
