/*
 * Tessera mini app: Screen JSON → DOM.
 *
 * Everything is built with createElement/textContent, so server strings can never become markup.
 * Unknown component types (and components that fail to render) are skipped.
 */
(function () {
  "use strict";

  var T = (window.Tessera = window.Tessera || {});
  var t = function (key) { return T.strings.t(key); };

  /** Creates an element: props may hold class, text, attrs (object), on (object of listeners). */
  function h(tag, props, children) {
    var el = document.createElement(tag);
    props = props || {};
    if (props["class"]) el.className = props["class"];
    if (props.text !== undefined && props.text !== null) el.textContent = String(props.text);
    if (props.attrs) {
      Object.keys(props.attrs).forEach(function (name) {
        var value = props.attrs[name];
        if (value === false || value === null || value === undefined) return;
        el.setAttribute(name, value === true ? "" : String(value));
      });
    }
    if (props.on) {
      Object.keys(props.on).forEach(function (name) { el.addEventListener(name, props.on[name]); });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  function str(value) {
    if (typeof value === "string") return value;
    if (typeof value === "number" && isFinite(value)) return String(value);
    return "";
  }

  function num(value, fallback) {
    var n = typeof value === "number" ? value : parseFloat(value);
    return isFinite(n) ? n : fallback;
  }

  /** Accepts http(s) and same-origin relative URLs; anything else (javascript:, data:…) is refused. */
  function safeURL(value, allowTelegram) {
    var text = str(value).trim();
    if (!text) return null;
    try {
      var url = new URL(text, window.location.href);
      if (url.protocol === "https:" || url.protocol === "http:") return url.href;
      if (allowTelegram && url.protocol === "tg:") return url.href;
    } catch (e) { /* invalid */ }
    return null;
  }

  /** The page's language (set from the manifest), for plural forms and number formats. */
  function locale() {
    return document.documentElement.lang || "en";
  }

  function formatNumber(value) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined).format(value);
    } catch (e) {
      return String(value);
    }
  }

  function isAction(action) {
    return !!(action && typeof action === "object" && typeof action.kind === "string");
  }

  /** The tap game's button: taps are counted locally and sent in batches by gamefi.js. */
  function isTapAction(action) {
    return isAction(action) && action.kind === "api" && /\/taps$/.test(str(action.path));
  }

  /** Wires a clickable element to an action, with a busy state while it runs. */
  function bindAction(el, action, ctx) {
    el.addEventListener("click", function (event) {
      event.preventDefault();
      if (el.getAttribute("aria-busy") === "true") return;
      T.tg.haptic("light");
      var result = ctx.perform(action, el);
      if (result && typeof result.then === "function") {
        el.setAttribute("aria-busy", "true");
        el.classList.add("is-busy");
        var finish = function () {
          el.removeAttribute("aria-busy");
          el.classList.remove("is-busy");
        };
        result.then(finish, finish);
      }
    });
  }

  function placeholder(title, hint, iconName, extraClass) {
    return h("div", { "class": "placeholder" + (extraClass ? " " + extraClass : "") }, [
      T.icons.icon(iconName || "inbox", "placeholder-icon"),
      h("p", { "class": "placeholder-title", text: title }),
      hint ? h("p", { "class": "placeholder-hint", text: hint }) : null
    ]);
  }

  // --- components -------------------------------------------------------------------------------

  function header(c, ctx) {
    var level = ctx.headingCount++ === 0 ? "h1" : "h2";
    return h("header", { "class": "c-header" }, [
      h(level, { "class": "c-header-title", text: str(c.text) }),
      str(c.subtitle) ? h("p", { "class": "c-header-subtitle", text: str(c.subtitle) }) : null
    ]);
  }

  function text(c) {
    var style = c.style === "caption" ? "caption" : "body";
    return h("p", { "class": "c-text c-text-" + style, text: str(c.text) });
  }

  function image(c) {
    var src = safeURL(c.url);
    if (!src) return null;
    var img = h("img", {
      attrs: { src: src, alt: str(c.alt), loading: "lazy", decoding: "async" }
    });
    var figure = h("figure", { "class": "c-image" }, [img]);
    img.addEventListener("load", function () { figure.classList.add("is-loaded"); });
    img.addEventListener("error", function () {
      figure.classList.add("is-broken");
      img.remove();
      figure.appendChild(T.icons.icon("info", "c-image-broken-icon"));
      if (str(c.alt)) figure.appendChild(h("span", { "class": "c-image-alt", text: str(c.alt) }));
    });
    return figure;
  }

  function cardItem(item, layout, ctx) {
    var actionable = isAction(item.action);
    var thumbURL = safeURL(item.image);
    var body = h("span", { "class": "card-body" }, [
      h("span", { "class": "card-title", text: str(item.title) }),
      str(item.subtitle) ? h("span", { "class": "card-subtitle", text: str(item.subtitle) }) : null
    ]);
    var media = null;
    if (thumbURL) {
      media = h("span", { "class": "card-media" }, [
        h("img", { attrs: { src: thumbURL, alt: "", loading: "lazy", decoding: "async" } })
      ]);
      media.firstChild.addEventListener("error", function () {
        media.classList.add("is-broken");
        media.textContent = "";
        media.appendChild(T.icons.icon(item.icon || "sparkles"));
      });
    }
    if (!media && layout === "grid") {
      // Grid cards keep one shape: an item without a picture gets the placeholder tile.
      media = h("span", { "class": "card-media is-broken" }, [T.icons.icon(item.icon || "sparkles")]);
    }
    var badge = str(item.badge) ? h("span", { "class": "card-badge", text: str(item.badge) }) : null;
    var chevron = actionable && layout === "list" ? T.icons.icon("chevron", "card-chevron") : null;
    var card = h(actionable ? "button" : "div", {
      "class": "card" + (actionable ? " card-action" : "") + (media ? " has-media" : ""),
      attrs: actionable ? { type: "button" } : null
    }, layout === "grid" ? [media, badge, body] : [media, body, badge, chevron]);
    if (actionable) bindAction(card, item.action, ctx);
    return h("li", { "class": "card-item", attrs: { "data-id": str(item.id) || null } }, [card]);
  }

  /** Card lists: a row of category chips (`filters`), the cards, and `empty` while there are none. */
  function cardList(c, ctx) {
    var layout = c.layout === "grid" ? "grid" : "list";
    var section = h("section", {
      "class": "c-cards c-cards-" + layout,
      attrs: { "data-id": str(c.id) || null, "data-source": str(c.source) || null }
    });
    var body = h("div", { "class": "cards-body" });
    var filters = Array.isArray(c.filters) ? c.filters.filter(function (f) { return f && str(f.id) && str(f.title) && str(f.path); }) : [];
    if (filters.length && ctx.loadMore) section.appendChild(filterChips(c, filters, body, layout, ctx));
    section.appendChild(body);
    showCards(body, c, c.items, c.next, layout, ctx);
    return section;
  }

  /** Fills `body` with `items` (paged by `page_size`, more from `next`), or the list's empty state. */
  function showCards(body, c, rawItems, next, layout, ctx) {
    body.textContent = "";
    var items = Array.isArray(rawItems) ? rawItems.filter(function (i) { return i && typeof i === "object"; }) : [];
    if (!items.length) {
      body.appendChild(c.empty && typeof c.empty === "object" && c.empty.type === "empty_state"
        ? emptyState(c.empty)
        : placeholder(t("nothingYet"), t("nothingYetHint"), "inbox", "placeholder-subtle"));
      return;
    }
    var pageSize = Math.max(1, Math.floor(num(c.page_size, items.length)));
    var list = h("ul", { "class": "cards", attrs: { role: "list" } });
    body.appendChild(list);
    var shown = 0;
    var more = null;
    function showNext() {
      items.slice(shown, shown + pageSize).forEach(function (item) { list.appendChild(cardItem(item, layout, ctx)); });
      shown = Math.min(items.length, shown + pageSize);
      if (more && shown >= items.length) more.remove();
    }
    showNext();
    if (shown < items.length) {
      more = h("button", { "class": "btn btn-plain btn-more", text: t("showMore"), attrs: { type: "button" } });
      more.addEventListener("click", function () { T.tg.haptic("light"); showNext(); });
      body.appendChild(more);
    }
    if (str(next) && ctx.loadMore) infiniteScroll(body, list, next, layout, ctx);
  }

  /**
   * "All" and one chip per category; a category's chip loads its filtered list from the filter's
   * `path` (`{"items","next"?}`), "All" puts the first list back. A late answer to an earlier tap
   * is dropped.
   */
  function filterChips(c, filters, body, layout, ctx) {
    var row = h("div", { "class": "cards-filters", attrs: { role: "tablist", "aria-label": t("categories") } });
    var seq = 0;
    function select(chip, filter) {
      Array.prototype.forEach.call(row.children, function (other) {
        var on = other === chip;
        other.classList.toggle("is-active", on);
        other.setAttribute("aria-selected", on ? "true" : "false");
      });
      var mine = ++seq;
      if (!filter) {
        showCards(body, c, c.items, c.next, layout, ctx);
        return;
      }
      body.setAttribute("aria-busy", "true");
      ctx.loadMore(filter.path).then(function (data) {
        if (mine !== seq) return;
        showCards(body, c, data.items, data.next, layout, ctx);
      }, function () { /* the list on display stays */ }).then(function () {
        if (mine === seq) body.removeAttribute("aria-busy");
      });
    }
    [null].concat(filters).forEach(function (filter) {
      var chip = h("button", {
        "class": "cards-chip" + (filter ? "" : " is-active"), text: filter ? str(filter.title) : t("all"),
        attrs: { type: "button", role: "tab", "aria-selected": filter ? "false" : "true", "data-filter": filter ? str(filter.id) : "" }
      });
      chip.addEventListener("click", function () {
        if (chip.classList.contains("is-active")) return;
        T.tg.haptic("selection");
        select(chip, filter);
      });
      row.appendChild(chip);
    });
    return row;
  }

  /**
   * Live lists (news feeds) carry `next`, the API path of their next page (`{"items","next"}`):
   * fetched when the end of the list scrolls into view, or with the "Show more" button.
   */
  function infiniteScroll(section, list, next, layout, ctx) {
    var nextPath = str(next);
    var loading = false;
    var observer = null;
    var sentinel = h("div", { "class": "cards-sentinel", attrs: { "aria-hidden": "true" } });
    var button = h("button", { "class": "btn btn-plain btn-more", text: t("showMore"), attrs: { type: "button" } });
    section.appendChild(sentinel);
    section.appendChild(button);
    function finish() {
      sentinel.remove();
      button.remove();
      if (observer) observer.disconnect();
    }
    function loadMore() {
      if (loading || !nextPath) return;
      loading = true;
      button.setAttribute("aria-busy", "true");
      ctx.loadMore(nextPath).then(function (data) {
        (Array.isArray(data.items) ? data.items : []).forEach(function (item) {
          if (item && typeof item === "object") list.appendChild(cardItem(item, layout, ctx));
        });
        nextPath = str(data.next) || null;
        if (!nextPath) finish();
      }, function () { /* keep the button for a retry */ }).then(function () {
        loading = false;
        button.removeAttribute("aria-busy");
      });
    }
    button.addEventListener("click", function () { T.tg.haptic("light"); loadMore(); });
    if (typeof IntersectionObserver === "function") {
      observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) loadMore();
      }, { rootMargin: "400px" });
      observer.observe(sentinel);
    }
  }

  /** Tags of sanitised rich text (the server's allow-list) mapped to what is rebuilt here. */
  var RICH = {
    P: "p", BR: "br", B: "b", STRONG: "b", I: "i", EM: "i", U: "u", S: "s", DEL: "s", STRIKE: "s", A: "a",
    UL: "ul", OL: "ol", LI: "li", CODE: "code", PRE: "pre", BLOCKQUOTE: "blockquote"
  };

  /** Copies allowed elements and text of `node` into `target`; nothing else survives (defence in depth). */
  function appendRich(target, node, depth) {
    Array.prototype.forEach.call(node.childNodes, function (child) {
      if (child.nodeType === 3) {
        target.appendChild(document.createTextNode(child.nodeValue));
        return;
      }
      if (child.nodeType !== 1 || depth > 16) return;
      var tag = RICH[child.tagName];
      var url = tag === "a" ? safeURL(child.getAttribute("href"), true) : null;
      if (!tag || (tag === "a" && !url)) {
        appendRich(target, child, depth + 1);
        return;
      }
      var el = document.createElement(tag);
      if (url) {
        el.setAttribute("href", url);
        el.setAttribute("rel", "noopener noreferrer");
        el.addEventListener("click", function (event) {
          event.preventDefault();
          T.tg.openLink(url);
        });
      }
      appendRich(el, child, depth + 1);
      target.appendChild(el);
    });
  }

  function richText(c) {
    var doc;
    try {
      // An inert document: nothing in it runs or loads.
      doc = new DOMParser().parseFromString(str(c.html), "text/html");
    } catch (e) {
      return null;
    }
    var box = h("div", { "class": "c-rich" });
    appendRich(box, doc.body, 0);
    return box;
  }

  function button(c, ctx) {
    var style = c.style === "secondary" ? "secondary" : "primary";
    var el = h("button", { "class": "btn btn-" + style + " c-button", text: str(c.text), attrs: { type: "button" } });
    if (isTapAction(c.action)) el.setAttribute("data-tap-path", c.action.path);
    else if (isAction(c.action)) bindAction(el, c.action, ctx);
    else el.disabled = true;
    if (c.action && c.action.kind === "api" && typeof c.action.path === "string") el.setAttribute("data-api-path", c.action.path);
    return el;
  }

  var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  var PHONE = /^\+?[0-9 ()\-.]{5,20}$/;

  function validateField(field, control) {
    var value = control.value.trim();
    if (!value) return field.required === true ? t("required") : "";
    if (field.kind === "email" && !EMAIL.test(value)) return t("invalidEmail");
    if (field.kind === "phone" && (!PHONE.test(value) || value.replace(/\D/g, "").length < 5)) return t("invalidPhone");
    if (field.kind === "number" && !isFinite(Number(value.replace(",", ".")))) return t("invalidNumber");
    return "";
  }

  function form(c, ctx) {
    var formID = str(c.id) || "form";
    var fields = Array.isArray(c.fields) ? c.fields.filter(function (f) { return f && str(f.name); }) : [];
    var submit = c.submit && typeof c.submit === "object" ? c.submit : {};
    var el = h("form", { "class": "c-form", attrs: { novalidate: true, "data-id": formID } });
    var controls = [];

    fields.forEach(function (field, index) {
      var id = "f-" + formID.replace(/[^A-Za-z0-9_-]/g, "") + "-" + index;
      var errorID = id + "-error";
      var control;
      if (field.kind === "select") {
        control = h("select", { "class": "input" }, [h("option", { text: t("choose"), attrs: { value: "" } })]);
        (Array.isArray(field.options) ? field.options : []).forEach(function (option) {
          if (str(option)) control.appendChild(h("option", { text: str(option), attrs: { value: str(option) } }));
        });
      } else {
        var type = { email: "email", phone: "tel", number: "text" }[field.kind] || "text";
        control = h("input", {
          "class": "input",
          attrs: {
            type: type,
            inputmode: { email: "email", phone: "tel", number: "decimal" }[field.kind] || null,
            autocomplete: { email: "email", phone: "tel" }[field.kind] || (field.name === "name" ? "name" : null),
            enterkeyhint: index === fields.length - 1 ? "send" : "next"
          }
        });
      }
      control.id = id;
      control.name = str(field.name);
      if (field.required === true) control.setAttribute("aria-required", "true");
      control.setAttribute("aria-describedby", errorID);
      var error = h("p", { "class": "field-error", attrs: { id: errorID, "aria-live": "polite" } });
      var label = h("label", { "class": "field-label", attrs: { "for": id } }, [
        str(field.label) || str(field.name),
        field.required === true ? h("span", { "class": "field-required", text: " *", attrs: { "aria-hidden": "true" } }) : null
      ]);
      el.appendChild(h("div", { "class": "field" }, [label, control, error]));
      var check = function () {
        var message = validateField(field, control);
        error.textContent = message;
        if (message) control.setAttribute("aria-invalid", "true");
        else control.removeAttribute("aria-invalid");
        return message;
      };
      control.addEventListener("blur", function () { if (control.value) check(); });
      control.addEventListener("input", function () { if (control.getAttribute("aria-invalid")) check(); });
      controls.push({ field: field, control: control, check: check });
    });

    var status = h("p", { "class": "form-status", attrs: { role: "status", "aria-live": "polite" } });
    var submitButton = h("button", {
      "class": "btn btn-primary form-submit",
      text: str(submit.text) || t("done"),
      attrs: { type: "submit" }
    });
    el.appendChild(status);
    el.appendChild(submitButton);

    el.addEventListener("submit", function (event) {
      event.preventDefault();
      if (submitButton.getAttribute("aria-busy") === "true") return;
      status.textContent = "";
      status.className = "form-status";
      var firstInvalid = null;
      controls.forEach(function (entry) {
        if (entry.check() && !firstInvalid) firstInvalid = entry.control;
      });
      if (firstInvalid) {
        T.tg.haptic("error");
        status.textContent = t("fixErrors");
        status.classList.add("is-error");
        firstInvalid.focus();
        return;
      }
      T.tg.haptic("light");
      var values = {};
      controls.forEach(function (entry) {
        var value = entry.control.value.trim();
        if (entry.field.kind === "number" && value) value = Number(value.replace(",", "."));
        values[entry.field.name] = value;
      });
      if (!isAction(submit.action)) return;
      submitButton.setAttribute("aria-busy", "true");
      submitButton.classList.add("is-busy");
      Promise.resolve(ctx.perform(submit.action, submitButton, { form: formID, values: values }, { quiet: true }))
        .then(function (result) {
          if (submit.action.kind === "api") {
            T.tg.haptic("success");
            status.textContent = (result && typeof result.message === "string" && result.message) || t("sent");
            status.classList.add("is-success");
            el.reset();
          }
        }, function (error) {
          T.tg.haptic("error");
          status.textContent = T.actionErrorText(error);
          status.classList.add("is-error");
        })
        .then(function () {
          submitButton.removeAttribute("aria-busy");
          submitButton.classList.remove("is-busy");
        });
    });
    return el;
  }

  function leaderboard(c, ctx) {
    var period = { week: 1, month: 1, all_time: 1 }[c.period] ? c.period : "";
    var pointsName = str(c.points_name) || t("points");
    var entries = Array.isArray(c.entries) ? c.entries.filter(function (e) { return e && typeof e === "object"; }) : [];
    var section = h("section", { "class": "c-leaderboard", attrs: { "data-board": str(c.board) || null } });
    var head = h("div", { "class": "lb-head" }, [
      h("h2", { "class": "lb-title", text: str(c.title) || str(c.board) || "" }),
      period ? h("span", { "class": "lb-period", text: t("period_" + period) }) : null
    ]);
    if (head.firstChild.textContent || period) section.appendChild(head);
    var periods = Array.isArray(c.periods) ? c.periods.filter(function (p) { return { week: 1, month: 1, all_time: 1 }[p]; }) : [];
    if (ctx.onPeriod && periods.length > 1) {
      var chips = h("div", { "class": "lb-periods", attrs: { role: "tablist" } });
      periods.forEach(function (p) {
        var chip = h("button", {
          "class": "lb-chip" + (p === period ? " is-active" : ""), text: t("period_" + p),
          attrs: { type: "button", role: "tab", "aria-selected": p === period ? "true" : "false", "data-period": p }
        });
        chip.addEventListener("click", function () { if (p !== period) ctx.onPeriod(p); });
        chips.appendChild(chip);
      });
      section.appendChild(chips);
    }
    if (!entries.length) {
      section.appendChild(placeholder(t("noScores"), t("noScoresHint"), "trophy"));
      return section;
    }
    var list = h("ol", { "class": "lb-list" });
    entries.forEach(function (entry, index) {
      if (entry.gap === true) {
        list.appendChild(h("li", { "class": "lb-gap", text: "…", attrs: { "aria-hidden": "true" } }));
        return;
      }
      var rank = Math.floor(num(entry.rank, index + 1));
      var points = num(entry.points !== undefined ? entry.points : entry.score, 0);
      var name = str(entry.name) || str(entry.display_name) || str(entry.first_name) || str(entry.username) || "—";
      var isMe = entry.is_me === true || entry.me === true ||
        (ctx.participantID !== null && entry.participant_id !== undefined && String(entry.participant_id) === String(ctx.participantID));
      var rankEl = h("span", { "class": "lb-rank" + (rank <= 3 ? " lb-rank-" + rank : ""), text: String(rank) });
      list.appendChild(h("li", { "class": "lb-row" + (isMe ? " is-me" : ""), attrs: { value: rank } }, [
        rankEl,
        h("span", { "class": "lb-name" }, [name, isMe ? h("span", { "class": "lb-you", text: t("you") }) : null]),
        h("span", { "class": "lb-points" }, [
          h("strong", { text: formatNumber(points) }),
          h("span", { "class": "lb-points-name", text: " " + T.plural.pick(pointsName, points, locale()) })
        ])
      ]));
    });
    section.appendChild(list);
    return section;
  }

  function progress(c) {
    var max = num(c.max, 100);
    if (max <= 0) max = 100;
    var value = Math.min(max, Math.max(0, num(c.value, 0)));
    var percent = Math.round((value / max) * 100);
    var labelID = "p-" + Math.random().toString(36).slice(2, 8);
    var fill = h("div", { "class": "progress-fill" });
    fill.style.setProperty("width", percent + "%");
    return h("section", { "class": "c-progress" }, [
      h("div", { "class": "progress-head" }, [
        h("span", { "class": "progress-label", text: str(c.label), attrs: { id: labelID } }),
        h("span", { "class": "progress-value", text: formatNumber(value) + " / " + formatNumber(max) })
      ]),
      h("div", {
        "class": "progress-track",
        attrs: {
          role: "progressbar", "aria-labelledby": labelID,
          "aria-valuemin": 0, "aria-valuemax": max, "aria-valuenow": value
        }
      }, [fill])
    ]);
  }

  function emptyState(c) {
    var iconName = str(c.icon);
    var visual;
    if (!iconName || T.icons.has(iconName)) visual = T.icons.icon(iconName || "inbox", "empty-icon");
    else if (iconName.length <= 4) visual = h("span", { "class": "empty-emoji", text: iconName, attrs: { "aria-hidden": "true" } });
    else visual = T.icons.icon("inbox", "empty-icon");
    return h("section", { "class": "c-empty" }, [
      h("div", { "class": "empty-visual" }, [visual]),
      h("h2", { "class": "empty-title", text: str(c.title) }),
      str(c.text) ? h("p", { "class": "empty-text", text: str(c.text) }) : null
    ]);
  }

  /** Where the caller's own part of a shared screen goes (`personal`); empty until it comes. */
  function slot(c) {
    return h("div", { "class": "c-slot", attrs: { "data-slot": str(c.id) || null } });
  }

  /**
   * A shared screen with the caller's part (`{slots: {id: [components]}, items: {cardID: {badge}}}`)
   * put in, as the server's PersonalFill.expanded does: each slot replaced by its components, the
   * cards' badges changed. A new object; `data` stays as it was.
   */
  function withPersonal(data, part) {
    var slots = part && typeof part.slots === "object" && part.slots ? part.slots : {};
    var items = part && typeof part.items === "object" && part.items ? part.items : {};
    var components = [];
    (Array.isArray(data.components) ? data.components : []).forEach(function (c) {
      if (c && c.type === "slot") {
        var own = Object.prototype.hasOwnProperty.call(slots, str(c.id)) ? slots[str(c.id)] : null;
        if (Array.isArray(own)) own.forEach(function (x) { components.push(x); });
        return;
      }
      if (c && c.type === "card_list" && Array.isArray(c.items)) {
        var copy = Object.assign({}, c);
        copy.items = c.items.map(function (item) {
          var change = item && Object.prototype.hasOwnProperty.call(items, str(item.id)) ? items[str(item.id)] : null;
          if (!change || !str(change.badge)) return item;
          return Object.assign({}, item, { badge: str(change.badge) });
        });
        components.push(copy);
        return;
      }
      components.push(c);
    });
    return Object.assign({}, data, { components: components });
  }

  /**
   * Every field of the screen components the mini app reads (here and in gamefi.js), by component
   * type, with `type[]` for the objects of a list field and `action:kind` for actions. A test
   * (ScreenFieldsTests) checks every field the server emits against this list, so a new field
   * cannot go out without a renderer. Kept as plain JSON between the markers.
   */
  var FIELDS = /* fields: */ {
    "header": ["type", "text", "subtitle"],
    "text": ["type", "text", "style"],
    "image": ["type", "url", "alt"],
    "card_list": ["type", "id", "source", "layout", "items", "page_size", "filters", "empty", "next"],
    "card_list.items[]": ["id", "title", "subtitle", "image", "badge", "action"],
    "card_list.filters[]": ["id", "title", "path"],
    "rich_text": ["type", "html"],
    "button": ["type", "text", "style", "action"],
    "form": ["type", "id", "fields", "submit"],
    "form.fields[]": ["name", "label", "kind", "required", "options"],
    "form.submit": ["text", "action"],
    "leaderboard": ["type", "board", "title", "period", "periods", "points_name", "entries"],
    "progress": ["type", "label", "value", "max"],
    "empty_state": ["type", "title", "text", "icon"],
    "slot": ["type", "id"],
    "action:open_screen": ["kind", "screen"],
    "action:open_detail": ["kind", "section", "detail"],
    "action:open_link": ["kind", "url"],
    "action:api": ["kind", "method", "path"],
    "action:open_invoice": ["kind", "product", "url"]
  } /* :fields */;

  var RENDERERS = {
    header: header,
    text: text,
    image: image,
    card_list: cardList,
    rich_text: richText,
    button: button,
    form: form,
    leaderboard: leaderboard,
    progress: progress,
    empty_state: emptyState,
    slot: slot
  };

  /**
   * Renders a screen object into a fragment. ctx: { perform(action, el, body, options), participantID }.
   * Consecutive buttons are grouped so they stack with even spacing.
   */
  function screen(data, ctx) {
    var fragment = document.createDocumentFragment();
    var components = Array.isArray(data.components) ? data.components : [];
    var renderCtx = { perform: ctx.perform, loadMore: ctx.loadMore, participantID: ctx.participantID, headingCount: 0 };
    var first = components[0];
    if (str(data.title) && !(first && first.type === "header")) {
      fragment.appendChild(header({ text: data.title }, renderCtx));
    }
    var buttonGroup = null;
    components.forEach(function (component) {
      if (!component || typeof component !== "object") return;
      var renderer = Object.prototype.hasOwnProperty.call(RENDERERS, component.type) ? RENDERERS[component.type] : null;
      if (!renderer) return;
      var el = null;
      try {
        el = renderer(component, renderCtx);
      } catch (e) {
        if (window.console) console.warn("tessera: skipped a component", component.type, e);
        return;
      }
      if (!el) return;
      el.classList.add("component");
      el.setAttribute("data-component", component.type);
      if (component.type === "button") {
        if (!buttonGroup) {
          buttonGroup = h("div", { "class": "button-group" });
          fragment.appendChild(buttonGroup);
        }
        buttonGroup.appendChild(el);
        return;
      }
      buttonGroup = null;
      fragment.appendChild(el);
    });
    return fragment;
  }

  T.render = {
    h: h, screen: screen, withPersonal: withPersonal, placeholder: placeholder, safeURL: safeURL, str: str, formatNumber: formatNumber, fields: FIELDS,
    /** One component, for screens that fill in live data after the first render. */
    component: function (c, ctx) {
      var renderer = Object.prototype.hasOwnProperty.call(RENDERERS, c.type) ? RENDERERS[c.type] : null;
      var el = renderer ? renderer(c, { perform: ctx.perform, participantID: ctx.participantID, onPeriod: ctx.onPeriod, headingCount: 1 }) : null;
      if (el) {
        el.classList.add("component");
        el.setAttribute("data-component", c.type);
      }
      return el;
    }
  };
})();
