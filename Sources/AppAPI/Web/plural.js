/*
 * Tessera mini app: plural-aware text, the same rules and syntax as the server's PluralRules and
 * PluralText (Sources/Blueprint/Text): a form list "bean|beans" (English one|other, Russian
 * one|few|many) or a template with "{n:seat|seats}". Both are checked against
 * Tests/Fixtures/plural-cases.json.
 */
(function () {
  "use strict";

  var T = (window.Tessera = window.Tessera || {});

  /** Rule families (CLDR cardinal rules, whole numbers only); languages not listed count like English. */
  var FAMILIES = {
    oneOther: ["en", "de", "es", "it", "nl", "sv", "da", "nb", "fi", "et", "el", "tr", "uz", "kk", "az", "hu", "bg", "ka"],
    zeroOneOther: ["fr", "pt", "hy"],
    eastSlavic: ["ru", "uk", "be"],
    polish: ["pl"],
    czech: ["cs", "sk"],
    none: ["ja", "zh", "ko", "id", "vi", "th", "ms"]
  };

  var CATEGORIES = {
    oneOther: ["one", "other"], zeroOneOther: ["one", "other"], eastSlavic: ["one", "few", "many"],
    polish: ["one", "few", "many"], czech: ["one", "few", "other"], none: ["other"]
  };

  var byLanguage = {};
  Object.keys(FAMILIES).forEach(function (family) {
    FAMILIES[family].forEach(function (language) { byLanguage[language] = family; });
  });

  function family(locale) {
    var language = String(locale || "").toLowerCase().split(/[-_]/)[0];
    return Object.prototype.hasOwnProperty.call(byLanguage, language) ? byLanguage[language] : "oneOther";
  }

  /** The CLDR category of the whole number n in locale. */
  function category(n, locale) {
    var i = Math.abs(Math.trunc(Number(n) || 0));
    var mod10 = i % 10, mod100 = i % 100;
    switch (family(locale)) {
      case "zeroOneOther": return i <= 1 ? "one" : "other";
      case "eastSlavic":
        if (mod10 === 1 && mod100 !== 11) return "one";
        if (mod10 >= 2 && mod10 <= 4 && !(mod100 >= 12 && mod100 <= 14)) return "few";
        return "many";
      case "polish":
        if (i === 1) return "one";
        if (mod10 >= 2 && mod10 <= 4 && !(mod100 >= 12 && mod100 <= 14)) return "few";
        return "many";
      case "czech":
        if (i === 1) return "one";
        return i >= 2 && i <= 4 ? "few" : "other";
      case "none": return "other";
      default: return i === 1 ? "one" : "other";
    }
  }

  /** The form of "a|b|c" for n; a text without "|" is the same for every count. */
  function pick(forms, n, locale) {
    var list = String(forms === undefined || forms === null ? "" : forms).split("|");
    if (list.length < 2) return list[0];
    var categories = CATEGORIES[family(locale)];
    var index = categories.indexOf(category(n, locale));
    if (index < 0) index = categories.length - 1;
    return list[Math.min(index, list.length - 1)];
  }

  /** template with each "{n:…|…}" replaced by the form for n, then "{n}" by the number. */
  function format(template, n, locale, shownNumber) {
    var text = String(template).replace(/\{n:([^}]*)\}/g, function (_, forms) { return pick(forms, n, locale); });
    return text.split("{n}").join(shownNumber !== undefined ? String(shownNumber) : String(n));
  }

  T.plural = {
    category: category, pick: pick, format: format,
    categories: function (locale) { return CATEGORIES[family(locale)].slice(); }
  };
})();
