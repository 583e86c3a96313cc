/*
 * Tessera mini app: line icons (24×24, stroke), built with DOM APIs. The names and paths are
 * Blueprint's IconSet, served as icon-set.js (the validator accepts exactly those names); an unknown
 * name (an old blueprint, a server-made component) gets a neutral dot.
 */
(function () {
  "use strict";

  var T = (window.Tessera = window.Tessera || {});
  var SVG_NS = "http://www.w3.org/2000/svg";

  /** The set itself comes from the server (icon-set.js, generated from Blueprint's IconSet). */
  var SET = T.iconSet && typeof T.iconSet === "object" ? T.iconSet : { paths: {}, aliases: {} };
  var PATHS = SET.paths || {};
  var ALIASES = SET.aliases || {};

  function has(name) {
    var key = String(name || "").toLowerCase();
    return Object.prototype.hasOwnProperty.call(PATHS, key) || Object.prototype.hasOwnProperty.call(ALIASES, key);
  }

  /** An <svg> element for the icon; decorative (aria-hidden) since labels carry the meaning. */
  function icon(name, className) {
    var key = String(name || "").toLowerCase();
    if (Object.prototype.hasOwnProperty.call(ALIASES, key)) key = ALIASES[key];
    if (!Object.prototype.hasOwnProperty.call(PATHS, key)) key = "dot";
    var d = Object.prototype.hasOwnProperty.call(PATHS, key) ? PATHS[key] : "";
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "icon" + (className ? " " + className : ""));
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", d);
    svg.appendChild(path);
    return svg;
  }

  T.icons = { icon: icon, has: has };
})();
