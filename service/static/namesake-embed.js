/* Namesake embed: highlights the people named in an article and shows a card
 * for each. No build step, no framework; include it with a <script> tag.
 *
 *   <script src="https://namesake.example/static/namesake-embed.js"
 *           data-api-key="..."></script>
 *   <article data-namesake data-namesake-id="cms-123">...</article>
 *
 * Elements carrying `data-namesake` are highlighted when the page has loaded;
 * or call it yourself:
 *
 *   Namesake.highlight(element, {externalId: "cms-123"})   // in place, markup kept
 *   Namesake.highlight("plain text", {into: element})      // text rendered into element
 *
 * Text from the article or the API only ever enters the page as text nodes:
 * nothing is parsed as HTML. All CSS is scoped to `namesake-` class names
 * (and the card lives in a shadow root), so the host page's styles and ours
 * leave each other alone.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var config = {
    // By default the service is the one the script was loaded from.
    baseUrl: script && script.src ? script.src.replace(/\/static\/[^\/]*$/, "") : "",
    apiKey: (script && script.getAttribute("data-api-key")) || "",
    // Where the card's link goes; {id} is replaced by the entity ID.
    entityUrl: (script && script.getAttribute("data-entity-url")) || null,
  };
  if (script && script.getAttribute("data-base-url")) {
    config.baseUrl = script.getAttribute("data-base-url");
  }

  function configure(options) {
    for (var key in options) {
      if (Object.prototype.hasOwnProperty.call(options, key)) config[key] = options[key];
    }
    return config;
  }

  function settings(options) {
    var merged = {};
    for (var key in config) merged[key] = config[key];
    for (key in options || {}) merged[key] = options[key];
    merged.baseUrl = String(merged.baseUrl || "").replace(/\/+$/, "");
    return merged;
  }

  /* ---- the API ---- */

  function request(method, path, body, options) {
    var opts = settings(options);
    var headers = {Accept: "application/json"};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (opts.apiKey) headers["X-API-Key"] = opts.apiKey;
    return fetch(opts.baseUrl + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      if (response.status === 204) return null;
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.message || "HTTP " + response.status);
          error.status = response.status;
          error.code = data.error;
          error.details = data.details;     // the fields at fault, on a 422
          throw error;
        }
        return data;
      });
    });
  }

  var entityCache = {};

  function getEntity(id, options) {
    if (!entityCache[id]) {
      entityCache[id] = request("GET", "/v1/entities/" + encodeURIComponent(id), undefined, options)
        .catch(function (error) { delete entityCache[id]; throw error; });
    }
    return entityCache[id];
  }

  /* ---- offsets ---- */

  /* The API counts code points; JavaScript strings count UTF-16 units, where
   * a character outside the Basic Multilingual Plane (an emoji, say) takes
   * two. Returns a Map from each code-point offset asked for to its UTF-16
   * index, in one pass over the text. */
  function utf16Indexes(text, offsets) {
    var wanted = offsets.slice().sort(function (a, b) { return a - b; });
    var found = new Map();
    var point = 0, unit = 0, k = 0;
    while (k < wanted.length) {
      if (wanted[k] === point) { found.set(point, unit); k++; continue; }
      if (unit >= text.length) break;
      var code = text.charCodeAt(unit);
      var pair = code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length &&
        (text.charCodeAt(unit + 1) & 0xfc00) === 0xdc00;
      unit += pair ? 2 : 1;
      point++;
    }
    return found;
  }

  /* ---- highlighting ---- */

  var SKIP = {SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEMPLATE: 1, TEXTAREA: 1};

  // The element's text nodes in document order, and their concatenated text:
  // the text that is sent to the API, so offsets index into it.
  function textNodes(root) {
    var nodes = [], starts = [], text = "";
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var p = node.parentNode; p && p !== root; p = p.parentNode) {
          if (SKIP[p.nodeName]) return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push(node);
      starts.push(text.length);
      text += node.data;
    }
    return {nodes: nodes, starts: starts, text: text};
  }

  // Undo an earlier highlighting, so an element can be highlighted again.
  function clear(root) {
    var marks = root.querySelectorAll("mark.namesake-mention");
    for (var i = 0; i < marks.length; i++) {
      var mark = marks[i];
      while (mark.firstChild) mark.parentNode.insertBefore(mark.firstChild, mark);
      mark.parentNode.removeChild(mark);
    }
    root.normalize();
  }

  /* Wrap each mention in a <mark>, splitting text nodes where it begins and
   * ends; the markup around the text stays as it was. A mention that crosses
   * an element boundary (a name half in bold) gets one mark per piece. */
  function render(root, mentions, options) {
    var opts = settings(options);
    var index = textNodes(root);
    var sorted = mentions.slice().sort(function (a, b) { return a.start - b.start; });
    var kept = [], last = -1;
    sorted.forEach(function (m) {          // overlapping spans cannot both be marked
      if (m.start >= last && m.end > m.start) { kept.push(m); last = m.end; }
    });
    var offsets = [];
    kept.forEach(function (m) { offsets.push(m.start, m.end); });
    var units = utf16Indexes(index.text, offsets);
    var marks = [];
    // Last mention first: splitting a node keeps its head as the same node, so
    // the offsets of the mentions before stay valid.
    for (var i = kept.length - 1; i >= 0; i--) {
      var m = kept[i];
      var from = units.get(m.start), to = units.get(m.end);
      if (from === undefined || to === undefined) continue;    // past the end of the text
      for (var n = index.nodes.length - 1; n >= 0; n--) {
        var node = index.nodes[n], start = index.starts[n];
        var a = Math.max(from - start, 0), b = Math.min(to - start, node.data.length);
        if (a >= b) continue;
        var piece = node.splitText(a);
        piece.splitText(b - a);
        marks.unshift(wrap(piece, m, opts));
      }
    }
    return marks;
  }

  function wrap(textNode, mention, opts) {
    var mark = document.createElement("mark");
    mark.className = "namesake-mention";
    mark.setAttribute("data-namesake-entity", mention.entity_id);
    mark.setAttribute("data-namesake-start", String(mention.start));
    mark.setAttribute("data-namesake-end", String(mention.end));
    mark.setAttribute("tabindex", "0");
    mark.setAttribute("role", "button");
    mark.setAttribute("aria-label", mention.text + ": show person");
    textNode.parentNode.insertBefore(mark, textNode);
    mark.appendChild(textNode);
    attachCard(mark, opts);
    return mark;
  }

  /* Post the text and highlight its mentions. `target` is an element (its
   * text is read and highlighted in place) or a string (rendered as text into
   * `options.into`, or a new <div>). Resolves to {article, element, marks}. */
  function highlight(target, options) {
    options = options || {};
    var element;
    if (typeof target === "string") {
      element = options.into || document.createElement("div");
      element.textContent = "";
      element.appendChild(document.createTextNode(target));
      element.classList.add("namesake-text");
    } else {
      element = target;
      clear(element);
    }
    injectStyle();
    element.setAttribute("aria-busy", "true");      // no class: the host's markup stays its own
    var body = {text: textNodes(element).text};
    if (options.externalId) body.external_id = options.externalId;
    if (options.title) body.title = options.title;
    return request("POST", "/v1/articles", body, options).then(function (article) {
      var marks = render(element, article.mentions, options);
      return {article: article, element: element, marks: marks};
    }).finally(function () {
      element.removeAttribute("aria-busy");
    });
  }

  // Show an article already stored (GET /v1/articles/{id}) without posting it.
  function show(article, into, options) {
    into.textContent = "";
    into.appendChild(document.createTextNode(article.text));
    into.classList.add("namesake-text");
    injectStyle();
    return render(into, article.mentions, options);
  }

  /* ---- the card ---- */

  var CARD_CSS = [
    ".card{box-sizing:border-box;width:300px;max-width:calc(100vw - 16px);padding:12px 14px;",
    "background:#fff;color:#1d232a;border:1px solid #c9ced6;border-radius:8px;",
    "box-shadow:0 6px 24px rgba(0,0,0,.18);font:14px/1.4 system-ui,-apple-system,'Segoe UI',",
    "Roboto,sans-serif;text-align:left;letter-spacing:normal;text-transform:none}",
    ".card *{box-sizing:border-box;margin:0;padding:0;font:inherit;color:inherit;",
    "background:none;border:0;display:revert}",
    ".name{font-size:16px;font-weight:600;line-height:1.3}",
    ".counts{color:#5b6570;font-size:13px;margin-top:2px}",
    ".aliases{list-style:none;margin:8px 0;font-size:13px}",
    ".aliases li{display:block;padding:1px 0}",
    ".aliases .n{color:#5b6570}",
    ".card a{display:inline-block;color:#0b5cad;text-decoration:underline;font-size:13px}",
    ".error{color:#a3222b}",
  ].join("");

  var card = null;          // {host, box, mark, pinned}
  var hideTimer = null;

  function entityLink(id, opts) {
    var template = opts.entityUrl || opts.baseUrl + "/ui/#/entity/{id}";
    return template.replace("{id}", encodeURIComponent(id));
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function cardHost() {
    if (card) return card;
    // A custom element the host page has no rules for, with its position
    // pinned by inline !important declarations, which outrank page styles.
    var host = document.createElement("namesake-card");
    host.style.cssText = "all:initial!important;position:absolute!important;" +
      "z-index:2147483647!important;display:none!important;";
    var root = host.attachShadow({mode: "open"});
    var style = document.createElement("style");
    style.textContent = CARD_CSS;
    var box = el("div", "card");
    box.setAttribute("role", "dialog");
    root.appendChild(style);
    root.appendChild(box);
    host.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    host.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(host);
    card = {host: host, box: box, mark: null, pinned: false};
    return card;
  }

  function fillCard(box, entity, opts) {
    box.textContent = "";
    box.setAttribute("aria-label", entity.canonical_name);
    box.appendChild(el("div", "name", entity.canonical_name));
    box.appendChild(el("div", "counts", plural(entity.article_count, "article") + " · " +
      plural(entity.mention_count, "mention")));
    var list = el("ul", "aliases");
    entity.aliases.slice(0, 6).forEach(function (alias) {
      var item = el("li");
      item.appendChild(document.createTextNode(alias.surface + " "));
      item.appendChild(el("span", "n", "×" + alias.count));
      list.appendChild(item);
    });
    if (entity.aliases.length) box.appendChild(list);
    var link = el("a", "link", "Open the entity page");
    link.href = entityLink(entity.id, opts);
    link.target = opts.linkTarget || "_blank";
    link.rel = "noopener";
    box.appendChild(link);
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function openCard(mark, opts, pin) {
    var c = cardHost();
    clearTimeout(hideTimer);
    if (c.mark === mark && c.host.style.getPropertyValue("display") === "block") {
      c.pinned = c.pinned || pin;
      return;
    }
    c.mark = mark;
    c.pinned = pin;
    c.box.textContent = "";
    c.box.appendChild(el("div", "counts", "Loading…"));
    place(c, mark);
    var id = mark.getAttribute("data-namesake-entity");
    getEntity(id, opts).then(function (entity) {
      if (c.mark === mark) fillCard(c.box, entity, opts);
    }, function (error) {
      if (c.mark !== mark) return;
      c.box.textContent = "";
      c.box.appendChild(el("div", "error", "Could not load this person: " + error.message));
    });
  }

  function place(c, mark) {
    var rect = mark.getBoundingClientRect();
    var width = Math.min(300, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    c.host.style.setProperty("left", left + window.scrollX + "px", "important");
    c.host.style.setProperty("top", rect.bottom + window.scrollY + 6 + "px", "important");
    c.host.style.setProperty("display", "block", "important");
  }

  function hideCard() {
    if (!card) return;
    card.host.style.setProperty("display", "none", "important");
    card.mark = null;
    card.pinned = false;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    if (card && !card.pinned) hideTimer = setTimeout(hideCard, 250);
  }

  function attachCard(mark, opts) {
    mark.addEventListener("mouseenter", function () { openCard(mark, opts, false); });
    mark.addEventListener("mouseleave", scheduleHide);
    mark.addEventListener("focus", function () { openCard(mark, opts, false); });
    mark.addEventListener("blur", scheduleHide);
    mark.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();   // a click on the page elsewhere closes the card
      openCard(mark, opts, true);
    });
    mark.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        openCard(mark, opts, true);
      }
    });
  }

  document.addEventListener("click", function (event) {
    if (card && event.target !== card.host) hideCard();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hideCard();
  });

  /* ---- styles for the highlights ---- */

  // The marks live in the host page's text, so its rules reach them; class
  // selectors with !important outrank element rules such as `mark {display:none}`.
  var PAGE_CSS = [
    "mark.namesake-mention{display:inline!important;visibility:visible!important;",
    "background:#fff1a8!important;color:inherit!important;border-radius:2px!important;",
    "box-shadow:inset 0 -2px 0 #e0b400!important;padding:0!important;margin:0!important;",
    "cursor:pointer!important;font:inherit!important}",
    "mark.namesake-mention:hover,mark.namesake-mention:focus{background:#ffe066!important;",
    "outline:2px solid #0b5cad!important;outline-offset:0!important}",
    ".namesake-text{white-space:pre-wrap!important;overflow-wrap:anywhere!important}",
  ].join("");

  function injectStyle() {
    if (document.getElementById("namesake-embed-style")) return;
    var style = document.createElement("style");
    style.id = "namesake-embed-style";
    style.textContent = PAGE_CSS;
    (document.head || document.documentElement).appendChild(style);
  }

  /* ---- automatic mode ---- */

  function auto() {
    var elements = document.querySelectorAll("[data-namesake]");
    for (var i = 0; i < elements.length; i++) {
      var element = elements[i];
      highlight(element, {externalId: element.getAttribute("data-namesake-id") || undefined})
        .catch(function (error) {
          if (window.console) console.warn("namesake: " + error.message);
        });
    }
  }

  window.Namesake = {
    configure: configure,
    highlight: highlight,
    show: show,
    render: render,
    clear: clear,
    request: request,
    getEntity: getEntity,
    utf16Indexes: utf16Indexes,
    hideCard: hideCard,
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", auto);
  } else {
    auto();
  }
})();
