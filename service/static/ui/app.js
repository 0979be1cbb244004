/* The editor's page: a hash router and one function per view. Everything the
 * API returns is put on the page as text (h() makes text nodes), never as HTML.
 *
 *   #/                  paste an article and see its people highlighted
 *   #/article/ID        a stored article, highlighted
 *   #/people?sort=S&offset=N   everyone, most mentioned (S=mentions) or most recently
 *                       changed (S=updated) first, a page at a time
 *   #/search?q=NAME     people by any spelling
 *   #/entity/ID         a person: description and external identifiers (set and removed
 *                       here), aliases, titles, articles, mentions (each with why it is
 *                       this person's); rename, merge, split
 *   #/review            possible matches, one per pair of people, to accept or reject
 *   #/audit             curations, with undo
 */
(function () {
  "use strict";

  var view = document.getElementById("view");
  var statusBar = document.getElementById("status");
  var KEY = "namesake.apiKey", ACTOR = "namesake.actor";

  /* ---- small helpers ---- */

  // h("a", {href: "#/", onclick: fn}, "text", child, [more]) -> element.
  function h(tag, attrs) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) continue;
      if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else if (name === "class") node.className = value;
      else if (name === "value") node.value = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    append(node, Array.prototype.slice.call(arguments, 2));
    return node;
  }

  function append(node, children) {
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      if (Array.isArray(child)) append(node, child);
      else node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  // The API, with the key from Settings. A failure keeps the path it asked
  // for (plainWords() names what was missing from it); fetch() itself
  // failing, with no answer at all, is marked unreachable.
  function api(method, path, body) {
    return Namesake.request(method, path, body, {apiKey: localStorage.getItem(KEY) || ""})
      .catch(function (error) {
        error.path = path;
        if (error.status === undefined) error.unreachable = true;
        throw error;
      });
  }

  function actor() { return localStorage.getItem(ACTOR) || "editor"; }

  function q(value) { return encodeURIComponent(value); }
  function entityHref(id) { return "#/entity/" + q(id); }
  function articleHref(id) { return "#/article/" + q(id); }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function date(value) { return value ? new Date(value).toLocaleDateString() : ""; }
  function articleName(a) { return a.title || a.external_id || "Article " + a.id.slice(0, 8); }

  // A message to show once the next view is drawn (after a change of hash).
  var flash = null;
  function later(message, kind) { flash = [message, kind]; }

  // `message`: text, or an element when the words hold a link.
  function say(message, kind) {
    statusBar.textContent = "";
    append(statusBar, [message]);
    statusBar.className = "status" + (kind ? " " + kind : "");
    statusBar.hidden = !message;
  }

  /* ---- errors in plain words ---- */

  // What went wrong, as an editor can act on it; the API's own message is
  // kept under "Details" for whoever they ask for help.
  var PLAIN = {
    401: "Enter an API key.",
    403: "Your key cannot do this.",
    409: "This cannot be done now: someone may have changed it already. Reload and look again.",
    413: "The text is too long.",
    503: "Try again in a moment.",
  };
  // A 404 names what is missing by the first part of the path asked for.
  var MISSING = {
    entities: "This person is not in the store.",
    articles: "This article is not in the store.",
    mentions: "This mention is not in the store.",
    audit: "This change is not in the audit log.",
    review: "This review item is not in the store.",
  };

  function plainWords(error) {
    if (error.unreachable) return "The service is not reachable.";
    if (error.status === 404) {
      var kind = /^\/v1\/([a-z]+)/.exec(error.path || "");
      return (kind && MISSING[kind[1]]) || "This is not in the store.";
    }
    if (PLAIN[error.status]) return PLAIN[error.status];
    return "Something went wrong" + (error.status ? " (HTTP " + error.status + ")." : ".");
  }

  // The status bar: the plain words (a form's own `words`, when it knows
  // better what went wrong), the API's message under Details, and for a
  // missing or weak key, a way to Settings.
  function fail(error, words) {
    say(words || plainWords(error), "error");
    var support = [error.status ? "HTTP " + error.status : "no answer", error.code,
                   error.path, error.message].filter(Boolean).join(" · ");
    statusBar.appendChild(h("details", {class: "error-details"},
      h("summary", null, "Details"), h("code", null, support)));
    if (error.status === 401 || error.status === 403) {
      statusBar.appendChild(h("button", {type: "button", class: "quiet", onclick: openSettings},
                              "Open Settings"));
    }
  }

  // The native <dialog>: resolves true when the editor confirms.
  function confirmAction(message, label) {
    var dialog = document.getElementById("confirm");
    document.getElementById("confirm-message").textContent = message;
    var ok = document.getElementById("confirm-ok");
    ok.textContent = label;
    dialog.returnValue = "";
    dialog.showModal();
    return new Promise(function (resolve) {
      dialog.addEventListener("close", function () { resolve(dialog.returnValue === "ok"); },
                              {once: true});
    });
  }

  // Run a curation after confirmation, then `done(result)`. Names may have
  // changed: the audit log's cache of them is dropped.
  function curate(question, label, method, path, body, done) {
    return confirmAction(question, label).then(function (yes) {
      if (!yes) return;
      return api(method, path, body).then(function (result) {
        names = {};
        done(result);
      }, fail);
    });
  }

  // Draw the view again, then say what was done: the message must not come
  // before the page shows the change.
  function refresh(message) {
    return route().then(function (drawn) { if (drawn) say(message, "done"); });
  }

  /* ---- the router ---- */

  var ROUTES = [
    [/^#?\/?$/, "article", articleForm],
    [/^#\/article\/([^\/?]+)$/, "article", storedArticle],
    [/^#\/people(?:\?(.*))?$/, "people", people],
    [/^#\/search(?:\?q=(.*))?$/, "search", search],
    [/^#\/entity\/([^\/?]+)$/, "search", entity],
    [/^#\/review$/, "review", reviewQueue],
    [/^#\/audit$/, "audit", audit],
  ];
  var generation = 0;     // a view drawn for an older hash is dropped

  // Draw the view of the hash; resolves once it is drawn (true) or has failed (false).
  function route() {
    var hash = location.hash;
    Namesake.hideCard();
    say.apply(null, flash || [""]);
    flash = null;
    for (var i = 0; i < ROUTES.length; i++) {
      var match = ROUTES[i][0].exec(hash);
      if (!match) continue;
      markNav(ROUTES[i][1]);
      var drawView = ROUTES[i][2], draw = drawer(++generation);
      var arg = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
      return Promise.resolve().then(function () { return drawView(arg, draw); }).then(
        function () { return true; },
        function (error) {
          if (!draw.drawn) draw(failed());
          if (draw.current()) fail(error);
          return false;
        });
    }
    draw404();
    return Promise.resolve(false);
  }

  function markNav(current) {
    document.querySelectorAll("[data-nav]").forEach(function (a) {
      if (a.getAttribute("data-nav") === current) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
  }

  // draw(node) replaces the view, unless a newer hash was routed meanwhile;
  // draw.drawn tells whether it did.
  function drawer(mine) {
    var draw = function (node) {
      if (!draw.current()) return false;
      view.textContent = "";
      view.appendChild(node);
      draw.drawn = true;
      return true;
    };
    draw.current = function () { return mine === generation; };
    draw.drawn = false;
    return draw;
  }

  // A view that failed before it drew anything leaves nothing of the
  // previous one (an unknown person must not show the last person's page);
  // one that drew keeps what it has. The status bar says what went wrong.
  function failed() {
    return h("section", {id: "view-failed"}, h("h1", null, "Nothing to show"),
      h("p", null, h("a", {href: "#/people"}, "Browse people"), " · ",
        h("a", {href: "#/search"}, "Find a person"), " · ", h("a", {href: "#/"}, "Read an article")));
  }

  function draw404() {
    view.textContent = "";
    view.appendChild(h("p", null, "Nothing here. ", h("a", {href: "#/"}, "Read an article")));
  }

  /* ---- views ---- */

  // The API's white space (service/schemas.py, _BLANK): a text of nothing
  // else is refused there, so it is caught here first, in plain words. An
  // identifier must not start or end with it either: trimmed() takes it off
  // (String.prototype.trim() knows another set of spaces).
  var SPACE = "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]";
  var BLANK = new RegExp("^" + SPACE + "*$");
  var AROUND = new RegExp("^" + SPACE + "+|" + SPACE + "+$", "g");
  function trimmed(text) { return text.replace(AROUND, ""); }

  function articleForm(_, draw) {
    var text = h("textarea", {id: "article-text", required: true,
                              placeholder: "Paste the article's text here"});
    var externalId = h("input", {id: "article-external-id", placeholder: "cms-1234"});
    var submit = h("button", {type: "submit", id: "article-submit"}, "Highlight people");
    var form = h("form", {class: "stack", id: "article-form", novalidate: true, onsubmit: function (event) {
      event.preventDefault();
      if (BLANK.test(text.value)) {
        say("The text is empty.", "error");
        text.focus();
        return;
      }
      submit.disabled = true;
      say("Reading the article…");
      var body = {text: text.value};
      if (externalId.value.trim()) body.external_id = externalId.value.trim();
      api("POST", "/v1/articles", body).then(function (article) {
        location.hash = articleHref(article.id);
      }, fail).finally(function () { submit.disabled = false; });
    }},
      h("label", null, "Article text", text),
      h("label", null, "External ID (optional: posting it again replaces the stored version)", externalId),
      submit);
    draw(h("section", null, h("h1", null, "Read an article"),
      h("p", {class: "muted"}, "The people it names are highlighted; hover or click a name for its card."),
      form));
  }

  function storedArticle(id, draw) {
    return api("GET", "/v1/articles/" + q(id)).then(function (article) {
      var body = h("div", {class: "article-body card", id: "article-body"});
      var colours = personColours(article);
      var drawn = draw(h("section", null,
        h("h1", null, articleName(article)),
        h("p", {class: "muted"}, plural(article.mentions.length, "mention"), " of ",
          plural(article.entities.length, "person"), article.external_id ? " · " + article.external_id : "",
          " · ", h("a", {href: "#/"}, "read another")),
        article.entities.length ? legend(article, colours) : h("p", null, "No people found."),
        body));
      if (!drawn) return;
      var marks = Namesake.show(article, body, {entityUrl: "#/entity/{id}", linkTarget: "_self",
                                                apiKey: localStorage.getItem(KEY) || ""});
      marks.forEach(function (mark) { paint(mark, colours[mark.getAttribute("data-namesake-entity")]); });
    });
  }

  /* ---- a colour per person ---- */

  // The palette is in ui.css (.person-0 to .person-11): light backgrounds far
  // apart in hue, each with a strong line under the name; dark text keeps a
  // contrast of 7:1 or more on every one. Past twelve people the colours
  // come round again with a dashed line (.person-again).
  var COLOURS = 12;

  // Entity ID -> colour number, in the order people first appear in the
  // text, so that the first twelve all differ; the legend and every mark of
  // a person share its number.
  function personColours(article) {
    var colours = {}, next = 0;
    var firsts = article.mentions.slice().sort(function (a, b) { return a.start - b.start; })
      .map(function (m) { return m.entity_id; })
      .concat(article.entities.map(function (e) { return e.id; }));
    firsts.forEach(function (id) { if (!(id in colours)) colours[id] = next++; });
    return colours;
  }

  function paint(node, colour) {
    node.classList.add("person", "person-" + (colour % COLOURS));
    if (colour >= COLOURS) node.classList.add("person-again");
    node.setAttribute("data-colour", String(colour));
    return node;
  }

  // The people of the article, in their colours, in the order they appear.
  function legend(article, colours) {
    var counts = {};
    article.mentions.forEach(function (m) { counts[m.entity_id] = (counts[m.entity_id] || 0) + 1; });
    var people = article.entities.slice().sort(function (a, b) { return colours[a.id] - colours[b.id]; });
    return h("ul", {class: "chips", id: "article-people", "aria-label": "People in this article"},
      people.map(function (e) {
        return h("li", {"data-entity-id": e.id},
          paint(h("span", {class: "swatch", "aria-hidden": "true"}), colours[e.id]),
          h("a", {href: entityHref(e.id)}, e.canonical_name), " ×" + (counts[e.id] || 0));
      }));
  }

  /* ---- people: everyone, in one of two orders, a page at a time ---- */

  var PAGE_SIZE = 25;
  var ORDERS = [["mentions", "Most mentioned"], ["updated", "Recently changed"]];
  var MAX_OFFSET = 100000;        // the API's bound on offset

  // "sort=updated&offset=25" -> {sort: "updated", offset: 25}; anything else
  // reads as the first page, most mentioned first.
  function peopleParams(query) {
    var params = new URLSearchParams(query || "");
    var offset = parseInt(params.get("offset"), 10) || 0;
    return {sort: params.get("sort") === "updated" ? "updated" : "mentions",
            offset: Math.min(Math.max(offset, 0), MAX_OFFSET)};
  }

  function peopleHref(sort, offset) {
    return "#/people?sort=" + sort + (offset ? "&offset=" + offset : "");
  }

  function people(query, draw) {
    var at = peopleParams(query);
    return api("GET", "/v1/entities?limit=" + PAGE_SIZE + "&sort=" + at.sort + "&offset=" + at.offset)
      .then(function (page) {
        draw(h("section", {id: "people", "data-sort": at.sort},
          h("h1", null, "People"),
          orderLinks(at.sort),
          h("div", {class: "card"}, peopleList(page)),
          pager(page, at.sort)));
      });
  }

  function orderLinks(current) {
    return h("nav", {class: "orders", "aria-label": "Order"}, ORDERS.map(function (order) {
      return h("a", {href: peopleHref(order[0], 0), "data-sort": order[0],
                     "aria-current": order[0] === current ? "true" : null}, order[1]);
    }));
  }

  function peopleList(page) {
    var list = h("ol", {class: "list", id: "people-list", start: page.offset + 1});
    if (!page.items.length) list.appendChild(h("li", {class: "muted"}, "Nobody here yet: read an article first."));
    page.items.forEach(function (person) {
      list.appendChild(h("li", {class: "line", "data-entity-id": person.id},
        h("a", {class: "grow", href: entityHref(person.id)}, person.canonical_name),
        h("span", {class: "muted"}, plural(person.mention_count, "mention") + " in " +
          plural(person.article_count, "article") + " · changed ",
          h("time", {datetime: person.updated_at}, new Date(person.updated_at).toLocaleString()))));
    });
    return list;
  }

  // Previous and next pages as links, so that a page can be bookmarked.
  function pager(page, sort) {
    var previous = Math.max(page.offset - page.limit, 0);
    return h("nav", {class: "pager", "aria-label": "Pages"},
      page.offset > 0 ? h("a", {href: peopleHref(sort, previous), id: "people-previous", rel: "prev"},
                          "← Previous") : null,
      h("span", {class: "muted", id: "people-page"}, "Page " + (Math.floor(page.offset / page.limit) + 1)),
      page.next_offset !== null ? h("a", {href: peopleHref(sort, page.next_offset), id: "people-next",
                                          rel: "next"}, "Next →") : null);
  }

  function search(query, draw) {
    query = query || "";
    var input = h("input", {id: "search-q", type: "search", value: query, required: true,
                            placeholder: "Khalluf, Qaddafi, Riad Hijab…"});
    var results = h("ul", {class: "list", id: "search-results"});
    var form = h("form", {class: "row", onsubmit: function (event) {
      event.preventDefault();
      location.hash = "#/search?q=" + q(input.value.trim());
    }}, h("label", null, "A name, in any spelling", input), h("button", {type: "submit"}, "Search"));
    draw(h("section", null, h("h1", null, "Find a person"), form, h("div", {class: "card"}, results)));
    if (!query) {
      results.appendChild(h("li", {class: "muted"}, "Search by any spelling of a name."));
      input.focus();
      return null;
    }
    return loadHits("/v1/entities?limit=20&q=" + q(query), results);
  }

  function loadHits(path, list) {
    return api("GET", path).then(function (page) {
      if (!page.items.length && !list.childElementCount) {
        list.appendChild(h("li", {class: "muted"}, "Nobody found."));
      }
      page.items.forEach(function (hit) {
        list.appendChild(h("li", {class: "line"},
          h("a", {class: "grow", href: entityHref(hit.id)}, hit.canonical_name),
          h("span", {class: "muted"}, plural(hit.mention_count, "mention") + " in " +
            plural(hit.article_count, "article") + " · score " + hit.score.toFixed(2))));
      });
      if (page.next_cursor) {
        var more = h("li", null, h("button", {class: "quiet", onclick: function () {
          list.removeChild(more);
          loadHits(path.replace(/&cursor=[^&]*/, "") + "&cursor=" + q(page.next_cursor), list).catch(fail);
        }}, "More"));
        list.appendChild(more);
      }
    });
  }

  function entity(id, draw) {
    return api("GET", "/v1/entities/" + q(id)).then(function (person) { return showEntity(person, draw); });
  }

  // The person's page from the API's answer: to a GET, or to a change.
  function showEntity(person, draw) {
    var checked = {aliases: {}, mentions: {}};
    var mentions = h("ul", {class: "list", id: "entity-mentions"});
    var articles = h("ul", {class: "list", id: "entity-articles"});
    var page = h("section", {id: "entity", "data-entity-id": person.id},
      h("h1", {id: "entity-name"}, person.canonical_name),
      h("p", {class: "muted"}, plural(person.mention_count, "mention"), " in ",
        plural(person.article_count, "article"), " · ID ", h("code", null, person.id)),
      person.description ? h("p", {id: "entity-description"}, person.description) : null,
      person.redirected_from ? h("p", {class: "status", id: "entity-redirect"},
        "The ID " + person.redirected_from + " was merged into this person.") : null,
      Object.keys(person.titles).length ? h("ul", {class: "chips", "aria-label": "Titles"},
        Object.keys(person.titles).map(function (t) { return h("li", null, t + " ×" + person.titles[t]); })) : null,
      externalIds(person),
      h("div", {class: "card"},
        h("h2", {style: "margin-top:0"}, "Aliases"),
        aliasTable(person, checked),
        tools(person, checked)),
      h("div", {class: "card"}, h("h2", {style: "margin-top:0"}, "Recent articles"), articles),
      h("div", {class: "card"}, h("h2", {style: "margin-top:0"}, "Mentions in context"),
        h("p", {class: "muted"}, "Tick mentions to split them off as another person."), mentions));
    if (!draw(page)) return null;
    if (person.redirected_from) say("Showing the person " + person.redirected_from + " was merged into.");
    return Promise.all([
      loadArticles(person.id, articles, 0),
      loadMentions(person.id, mentions, 0, checked),
    ]);
  }

  /* ---- external identifiers ---- */

  // Where an identifier of a known scheme can be looked at; the value must
  // have the scheme's form before it goes into a link. The form suggests
  // these schemes.
  var SCHEMES = {
    wikidata: {label: "Wikidata", form: /^Q[1-9][0-9]*$/, url: "https://www.wikidata.org/wiki/", example: "Q567"},
  };

  function schemeLabel(scheme) { return (SCHEMES[scheme] || {}).label || scheme; }

  // The person's identifiers in other databases ({scheme: value}), each with
  // a button to remove it, and the form to set one.
  function externalIds(person) {
    var ids = person.external_ids || {};
    var schemes = Object.keys(ids).sort();
    return h("section", {class: "card", id: "entity-external-ids", "aria-labelledby": "external-ids-title"},
      // Focused after a change: the form that had the focus was drawn anew.
      h("h2", {id: "external-ids-title", tabindex: "-1", style: "margin-top:0"}, "External identifiers"),
      schemes.length ? h("dl", {class: "identifiers"}, schemes.map(function (scheme) {
        return [h("dt", null, schemeLabel(scheme)),
                h("dd", {"data-scheme": scheme}, identifier(scheme, ids[scheme]), removeButton(person, scheme))];
      })) : h("p", {class: "muted", id: "external-ids-none"}, "None yet."),
      externalIdTools(person));
  }

  function identifier(scheme, value) {
    var known = SCHEMES[scheme];
    if (!known || !known.form.test(value)) return h("code", {class: "value"}, value);
    return h("a", {class: "value", href: known.url + value, target: "_blank", rel: "noopener noreferrer"}, value);
  }

  function idPath(person, scheme) { return "/v1/entities/" + q(person.id) + "/external-ids/" + q(scheme); }

  function removeButton(person, scheme) {
    var what = "the " + schemeLabel(scheme) + " identifier";
    return h("button", {type: "button", class: "quiet remove-id", "aria-label": "Remove " + what,
                        onclick: function () {
      changeIdentifier({
        question: "Remove " + what + " " + person.external_ids[scheme] + " from “" + person.canonical_name + "”?",
        label: "Remove", method: "DELETE", path: idPath(person, scheme) + "?actor=" + q(actor()),
        done: "Removed " + what + "."});
    }}, "Remove");
  }

  // The API's rule for a scheme (service/schemas.py, SCHEME_PATTERN), checked
  // before asking: the scheme goes into the URL, where "/", "." or ".." would
  // lead to another path and a misleading answer.
  var SCHEME = /^[a-z0-9._-]{1,64}$/;
  var DOT_SEGMENT = /^\.\.?$/;
  var SCHEME_RULE = "A scheme is 1 to 64 lowercase letters, digits, -, _ or . (such as wikidata).";

  function externalIdTools(person) {
    var scheme = h("input", {id: "external-id-scheme", list: "external-id-schemes", value: "wikidata",
                             required: true, autocomplete: "off", spellcheck: "false",
                             "aria-describedby": "external-id-rule"});
    var value = h("input", {id: "external-id-value", required: true, autocomplete: "off", spellcheck: "false",
                            placeholder: SCHEMES.wikidata.example});
    var form = h("form", {class: "row", id: "external-id-form", novalidate: true, onsubmit: function (event) {
      event.preventDefault();
      setIdentifier(person, scheme, value);
    }},
      h("label", null, "Scheme", scheme),
      h("datalist", {id: "external-id-schemes"},
        Object.keys(SCHEMES).map(function (s) { return h("option", {value: s}, SCHEMES[s].label); })),
      h("label", null, "Identifier", value),
      h("button", {type: "submit", id: "external-id-set"}, "Set"));
    return h("div", {class: "stack"},
      h("p", {class: "muted", id: "external-id-rule"}, SCHEME_RULE + " One identifier per scheme: setting " +
        "a scheme again replaces its value. Another person cannot hold the same identifier."),
      form);
  }

  function setIdentifier(person, schemeInput, valueInput) {
    var scheme = trimmed(schemeInput.value), value = trimmed(valueInput.value);
    if (!SCHEME.test(scheme) || DOT_SEGMENT.test(scheme)) return wrong(schemeInput, SCHEME_RULE);
    if (!value) return wrong(valueInput, "Enter the identifier.");
    var what = "the " + schemeLabel(scheme) + " identifier";
    var held = (person.external_ids || {})[scheme];
    changeIdentifier({
      // Replacing a value loses it: asked first, as a curation is.
      question: held && held !== value ? "Replace " + what + " " + held + " with " + value + "?" : null,
      label: "Replace", method: "PUT", path: idPath(person, scheme), body: {value: value, actor: actor()},
      done: "Set " + what + " to " + value + ".",
      fields: {"path.scheme": schemeInput, "body.value": valueInput}});
  }

  // Set or remove an identifier (after confirming, when there is a
  // question), then draw the person as the API answers: as stored, and the
  // survivor if they were merged away meanwhile.
  function changeIdentifier(change) {
    var asked = change.question ? confirmAction(change.question, change.label) : Promise.resolve(true);
    return asked.then(function (yes) {
      if (!yes) return null;
      var shown = generation;
      return api(change.method, change.path, change.body).then(function (person) {
        // The editor went elsewhere meanwhile: that view stays.
        if (shown !== generation) return say(change.done, "done");
        return redrawEntity(person, change.done);
      }, function (error) { return identifierFailed(error, change.fields || {}); });
    });
  }

  function redrawEntity(person, message) {
    var draw = drawer(++generation);
    return Promise.resolve(showEntity(person, draw)).then(function () {
      if (!draw.current()) return;
      say(message, "done");
      document.getElementById("external-ids-title").focus();
    }, fail);
  }

  // A form's field at fault, in plain words, with the focus on it.
  function wrong(input, words, error) {
    if (error) fail(error, words);
    else say(words, "error");
    input.setAttribute("aria-invalid", "true");
    input.addEventListener("input", function () { input.removeAttribute("aria-invalid"); }, {once: true});
    input.focus();
  }

  // The identifier API's refusals, in this form's words: a 409 names the
  // person holding the identifier, a 422 the field at fault.
  function identifierFailed(error, fields) {
    if (error.status === 409) return heldBy(error).then(function (words) { fail(error, words); });
    if (error.status === 422) return fieldFailed(error, fields);
    // Two 404s share a code: the person is gone, or the identifier is.
    if (error.status === 404 && /has no identifier/.test(error.message)) {
      return fail(error, "This identifier is not there any more: reload the page.");
    }
    return fail(error);
  }

  // The API's message names the holder by ID ("wikidata:Q1 belongs to
  // entity 7a9e... (Name)"): linked by their current name.
  var HOLDER = /belongs to entity ([0-9a-f]{32})\b/;

  function heldBy(error) {
    var words = "Another person has this identifier", found = HOLDER.exec(error.message || "");
    var advice = ". Remove it there first, or merge the two if they are one person.";
    if (!found) return Promise.resolve(words + advice);
    return personName(found[1]).then(function (person) {
      return h("span", {id: "external-id-holder"}, words + ": ", personLink(person), advice);
    });
  }

  // The fields a 422 can name (its `details`), in the editor's words.
  var FIELDS = {"path.scheme": "the scheme", "body.value": "the identifier", "body.actor": "your name in Settings",
                "query.actor": "your name in Settings"};

  // Pydantic's words for a problem ("Value error, ...", "String should have
  // at most 256 characters"), as a sentence about the field.
  function reasonOf(problem) {
    return problem.replace(/^Value error, /, "").replace(/^(String|Input|Value) should/, "it should");
  }

  function fieldFailed(error, fields) {
    var problem = (error.details || [])[0] || {};
    var reason = reasonOf(String(problem.problem || error.message));
    var words = "Check " + (FIELDS[problem.field] || "the form") + ": " + reason.replace(/\.?$/, ".");
    if (fields[problem.field]) return wrong(fields[problem.field], words, error);
    return fail(error, words);
  }

  function aliasTable(person, checked) {
    return h("table", {class: "aliases", id: "entity-aliases"},
      h("thead", null, h("tr", null, h("th", null, h("span", {class: "muted"}, "split")),
        h("th", null, "Spelling"), h("th", {class: "num"}, "Count"), h("th", null, "Seen"))),
      h("tbody", null, person.aliases.map(function (alias) {
        return h("tr", null,
          h("td", null, h("input", {type: "checkbox", "aria-label": "Split off " + alias.surface,
            onchange: function (event) { checked.aliases[alias.surface] = event.target.checked; }})),
          h("td", {class: "surface"}, alias.surface),
          h("td", {class: "num"}, "×" + alias.count),
          h("td", {class: "seen"}, date(alias.first_seen) + " – " + date(alias.last_seen)));
      })));
  }

  function tools(person, checked) {
    var name = h("input", {id: "rename-name", value: person.canonical_name, required: true});
    var rename = h("form", {class: "row", onsubmit: function (event) {
      event.preventDefault();
      var to = name.value.trim();
      curate("Rename “" + person.canonical_name + "” to “" + to + "”? The machine will keep this name.",
        "Rename", "POST", "/v1/entities/" + q(person.id) + "/rename", {name: to, actor: actor()},
        function () { refresh("Renamed to “" + to + "”."); });
    }}, h("label", null, "Canonical name", name), h("button", {type: "submit"}, "Rename"));

    var other = h("input", {id: "merge-q", type: "search", required: true, placeholder: "a name or an entity ID"});
    var hits = h("ul", {class: "list", id: "merge-results"});
    var merge = h("form", {class: "row", onsubmit: function (event) {
      event.preventDefault();
      hits.textContent = "";
      mergeCandidates(person, other.value.trim(), hits).catch(fail);
    }}, h("label", null, "Find the person to merge into this one", other),
        h("button", {type: "submit", class: "quiet"}, "Find"));

    var split = h("button", {type: "button", id: "split-button", onclick: function () {
      var aliases = Object.keys(checked.aliases).filter(function (a) { return checked.aliases[a]; });
      var ids = Object.keys(checked.mentions).filter(function (m) { return checked.mentions[m]; })
        .map(Number);
      if (!aliases.length && !ids.length) {
        say("Tick the spellings or mentions to split off first.", "error");
        return;
      }
      var what = [aliases.length ? "every mention written " + aliases.map(function (a) { return "“" + a + "”"; }).join(", ") : "",
                  ids.length ? plural(ids.length, "ticked mention") : ""].filter(Boolean).join(" and ");
      curate("Split " + what + " off “" + person.canonical_name + "” as a new person?",
        "Split", "POST", "/v1/entities/" + q(person.id) + "/split",
        {aliases: aliases, mention_ids: ids, actor: actor()},
        function (result) {
          later("Split off as a new person.", "done");
          location.hash = entityHref(result.entity.id);
        });
    }}, "Split ticked spellings and mentions into a new person");

    return h("div", null,
      h("details", {class: "tool", id: "tool-split"}, h("summary", null, "Split"),
        h("p", {class: "muted"}, "Tick spellings above or mentions below; they become a new person, never merged back."),
        split),
      h("details", {class: "tool", id: "tool-merge"}, h("summary", null, "Merge"), merge, hits),
      h("details", {class: "tool", id: "tool-rename"}, h("summary", null, "Rename"), rename));
  }

  function mergeCandidates(person, query, list) {
    var looksLikeId = /^[0-9a-f]{32}$/.test(query);
    var found = looksLikeId
      ? api("GET", "/v1/entities/" + q(query)).then(function (e) { return [e]; })
      : api("GET", "/v1/entities?limit=10&q=" + q(query)).then(function (p) { return p.items; });
    return found.then(function (people) {
      people = people.filter(function (e) { return e.id !== person.id; });
      if (!people.length) list.appendChild(h("li", {class: "muted"}, "Nobody else found."));
      people.forEach(function (e) {
        list.appendChild(h("li", {class: "line", "data-entity-id": e.id},
          h("a", {class: "grow", href: entityHref(e.id)}, e.canonical_name),
          h("span", {class: "muted"}, plural(e.mention_count, "mention")),
          h("button", {type: "button", class: "danger merge", onclick: function () {
            curate("Merge “" + e.canonical_name + "” (" + plural(e.mention_count, "mention") +
              ") into “" + person.canonical_name + "”? Its ID will answer with this person. " +
              "The audit log can undo it.",
              "Merge", "POST", "/v1/entities/" + q(person.id) + "/merge",
              {other_id: e.id, actor: actor()},
              function () { refresh("Merged “" + e.canonical_name + "” into this person."); });
          }}, "Merge into this")));
      });
    });
  }

  function loadArticles(id, list, offset) {
    return api("GET", "/v1/entities/" + q(id) + "/articles?limit=10&offset=" + offset).then(function (page) {
      if (!page.items.length && !offset) list.appendChild(h("li", {class: "muted"}, "No articles."));
      page.items.forEach(function (a) {
        list.appendChild(h("li", {class: "line"},
          h("a", {class: "grow", href: articleHref(a.id)}, articleName(a)),
          h("span", {class: "muted"}, date(a.published_at || a.created_at) + " · ×" + a.mentions)));
      });
      more(list, page, function (next) { return loadArticles(id, list, next); });
    });
  }

  function loadMentions(id, list, offset, checked) {
    return api("GET", "/v1/entities/" + q(id) + "/mentions?limit=20&offset=" + offset).then(function (page) {
      page.items.forEach(function (m) {
        list.appendChild(h("li", {"data-mention-id": m.id},
          h("label", {class: "check"},
            h("input", {type: "checkbox", "aria-label": "Split off this mention",
              onchange: function (event) { checked.mentions[m.id] = event.target.checked; }}),
            h("span", {class: "context"}, inContext(m))),
          h("div", {class: "muted"}, h("a", {href: articleHref(m.article_id)}, m.article_title || "the article"),
            m.titles.length ? " · " + m.titles.join(", ") : "",
            " · " + date(m.published_at || m.created_at), " · ", whyButton(m.id))));
      });
      more(list, page, function (next) { return loadMentions(id, list, next, checked); });
    });
  }

  // "why?" under a mention: the decision that placed it, fetched once, shown and hidden.
  function whyButton(mentionId) {
    var panel = null;
    var button = h("button", {type: "button", class: "quiet why", "aria-expanded": "false",
                              onclick: function () {
      var item = button.closest("li");
      if (panel) {
        panel.hidden = !panel.hidden;
        button.setAttribute("aria-expanded", String(!panel.hidden));
        return;
      }
      button.disabled = true;
      api("GET", "/v1/mentions/" + mentionId + "/why").then(function (why) {
        panel = whyPanel(why);
        item.appendChild(panel);
        button.setAttribute("aria-expanded", "true");
      }, fail).finally(function () { button.disabled = false; });
    }}, "why?");
    return button;
  }

  var VERDICTS = [["chosen", "linked"], ["absorbed", "merged in"], ["review", "for review"]];

  function whyPanel(why) {
    var rows = why.candidates.map(function (c) {
      var verdict = VERDICTS.filter(function (v) { return c[v[0]]; }).map(function (v) { return v[1]; });
      return h("tr", {"data-entity-id": c.entity.id},
        h("td", null, h("a", {href: entityHref(c.entity.id)}, c.entity.canonical_name),
          c.alias ? h("div", {class: "muted"}, "“" + c.spelling + "” ~ “" + c.alias + "”") : null),
        h("td", {class: "num"}, c.score.toFixed(2)),
        h("td", {class: "num"}, c.name_score.toFixed(2) + (c.name_match ? " ✓" : "")),
        h("td", null, verdict.join(", ") || (c.plausible ? "in play" : "set aside")),
        h("td", null, reasons(c)));
    });
    var t = why.thresholds;
    return h("div", {class: "why card", "data-outcome": why.outcome},
      h("p", {class: "why-summary"}, why.summary),
      rows.length ? h("table", {class: "why-candidates"},
        h("thead", null, h("tr", null, h("th", null, "Candidate"), h("th", {class: "num"}, "Score"),
          h("th", {class: "num"}, "Name"), h("th", null, "Outcome"), h("th", null, "Reasons"))),
        h("tbody", null, rows)) : null,
      h("p", {class: "muted"},
        why.more_candidates ? plural(why.more_candidates, "other candidate") + " scored lower. " : "",
        t ? "Links at " + t.link_above + " or more; candidates under " + t.create_below + " are set aside." : "",
        why.decided_at ? " Decided " + new Date(why.decided_at).toLocaleString() + "." : ""));
  }

  function reasons(c) {
    var lines = c.evidence_for.map(function (r) { return h("div", null, "+ " + r); })
      .concat(c.evidence_against.map(function (r) { return h("div", {class: "against"}, "− " + r); }));
    return lines.length ? lines : h("span", {class: "muted"}, "the name alone");
  }

  // The context is the text around the mention, white space collapsed: bold
  // the occurrence of the name nearest to where the mention should be.
  function inContext(m) {
    var context = m.context, name = m.text.split(/\s+/).join(" ");
    var expected = Math.min(m.start, 80), best = -1, at = context.indexOf(name);
    while (at !== -1) {
      if (best === -1 || Math.abs(at - expected) < Math.abs(best - expected)) best = at;
      at = context.indexOf(name, at + 1);
    }
    if (best === -1) return [context];
    return [(m.start > 80 ? "…" : "") + context.slice(0, best),
            h("b", null, context.slice(best, best + name.length)), context.slice(best + name.length)];
  }

  function more(list, page, next) {
    if (page.next_offset === null) return;
    var item = h("li", null, h("button", {class: "quiet", onclick: function () {
      list.removeChild(item);
      next(page.next_offset).catch(fail);
    }}, "More"));
    list.appendChild(item);
  }

  function reviewQueue(_, draw) {
    var list = h("ul", {class: "list", id: "review-list"});
    draw(h("section", null, h("h1", null, "Review possible matches"),
      h("p", {class: "muted"}, "Pairs of people the machine was unsure of, the latest raised first. " +
        "Accept if both are one person (they are merged); reject if they are two (they will never " +
        "be merged, and no article asks again)."),
      h("div", {class: "card"}, list)));
    return api("GET", "/v1/review?status=open&limit=100").then(function (page) {
      if (!page.items.length) list.appendChild(h("li", {class: "muted"}, "Nothing to review."));
      page.items.forEach(function (item) {
        var settle = function (decision) {
          var question = decision === "accept"
            ? "Merge “" + item.entity.canonical_name + "” into “" + item.candidate.canonical_name + "”?"
            : "Mark “" + item.entity.canonical_name + "” and “" + item.candidate.canonical_name +
              "” as two different people?";
          curate(question, decision === "accept" ? "Accept" : "Reject", "POST",
            "/v1/review/" + item.id, {decision: decision, actor: actor()}, function () {
              row.remove();
              say(decision === "accept" ? "Accepted: merged." : "Rejected: kept apart.", "done");
            });
        };
        // One row per pair, however many articles raised it; a few of them as examples.
        var examples = item.examples.map(function (example, i) {
          return [i ? ", " : "", "“" + example.name + "” in ",
            h("a", {href: articleHref(example.article_id)}, "article " + example.article_id.slice(0, 8)),
            " (" + example.score.toFixed(2) + ")"];
        });
        var row = h("li", {"data-review-id": item.id},
          h("div", null, h("a", {href: entityHref(item.entity.id)}, item.entity.canonical_name),
            " might be ", h("a", {href: entityHref(item.candidate.id)}, item.candidate.canonical_name),
            h("span", {class: "muted"}, " (best score " + item.score.toFixed(2) + ")")),
          h("div", {class: "muted"}, "Raised by " + plural(item.article_count, "article"),
            !examples.length ? "" : item.article_count > 1 ? ", the latest: " : ": ", examples),
          h("div", {class: "actions"},
            h("button", {type: "button", class: "accept", onclick: function () { settle("accept"); }},
              "Accept: same person"),
            h("button", {type: "button", class: "quiet reject", onclick: function () { settle("reject"); }},
              "Reject: two people")));
        list.appendChild(row);
      });
    });
  }

  function audit(_, draw) {
    var list = h("ul", {class: "list", id: "audit-list", "aria-busy": "true"});
    draw(h("section", null, h("h1", null, "Audit log"),
      h("p", {class: "muted"}, "Every curation, newest first. Each can be undone once."),
      h("div", {class: "card"}, list)));
    return api("GET", "/v1/audit?limit=100").then(function (page) {
      return Promise.all(page.items.map(entryWords)).then(function (words) {
        if (!page.items.length) list.appendChild(h("li", {class: "muted"}, "No curations yet."));
        page.items.forEach(function (entry, i) { list.appendChild(auditItem(entry, words[i])); });
        list.removeAttribute("aria-busy");
      });
    });
  }

  function auditItem(entry, words) {
    var undoable = entry.undone_by === null && entry.action !== "undo";
    return h("li", {class: "line", "data-audit-id": entry.id, "data-action": entry.action},
      h("span", {class: "grow"}, h("b", null, entry.actor), " ", words,
        h("span", {class: "muted"}, " · " + new Date(entry.at).toLocaleString()),
        entry.undone_by !== null ? h("span", {class: "muted"}, " · undone") : null),
      undoable ? h("button", {type: "button", class: "quiet", onclick: function () {
        curate("Undo this " + entry.action + "?", "Undo", "POST", "/v1/audit/" + entry.id + "/undo",
          {actor: actor()}, function () { refresh("Undone."); });
      }}, "Undo") : null);
  }

  /* ---- names in the audit log ---- */

  // The entries name people by ID; their names are fetched once each and
  // kept (as promises, so that one page asks once per person) until a
  // curation or new settings may have changed them.
  var names = {};
  var spellings = {};
  // The keys of an entry's details that name people (service/curation.py, _ENTITY_KEYS).
  var NAMED = ["survivor", "absorbed", "source", "new", "entity", "a", "b"];

  // {id, name, into}: `into` is the name of the person a merged-away ID now
  // answers with (its own name is not served any more).
  function personName(id) {
    if (!names[id]) {
      names[id] = api("GET", "/v1/entities/" + q(id)).then(function (e) {
        return {id: id, name: e.canonical_name, into: e.id === id ? null : e.canonical_name};
      }, function () {
        delete names[id];          // asked again next time
        return {id: id, name: null, into: null};
      });
    }
    return names[id];
  }

  // How a merged-away person was written: the text of a mention the entry
  // moved, since their own name now answers with the survivor's.
  function spellingOf(mentionIds) {
    var first = (mentionIds || [])[0];
    if (first === undefined) return Promise.resolve(null);
    if (!spellings[first]) {
      spellings[first] = api("GET", "/v1/mentions/" + first + "/why")
        .then(function (why) { return why.mention.text; }, function () { return null; });
    }
    return spellings[first];
  }

  // A link to the person, by their name, or by `text` when given (a name
  // the entry itself holds, or how a merged-away person was written).
  function personLink(person, text) {
    text = text || (person.name === null ? "a person whose name could not be loaded"
      : person.into === null ? person.name : "someone since merged into " + person.into);
    return h("a", {href: entityHref(person.id), class: "who", title: "ID " + person.id}, text);
  }

  // Each action in words, with links to the people it names.
  var ACTIONS = {
    merge: function (d, who) { return ["merged ", who(d.absorbed), moved(d), " into ", who(d.survivor)]; },
    split: function (d, who) { return ["split ", who(d.new), moved(d), " off ", who(d.source)]; },
    rename: function (d, who) { return ["renamed “" + d.old_name + "” to ", who(d.entity, d.name)]; },
    distinct: function (d, who) { return ["marked ", who(d.a), " and ", who(d.b), " as two people"]; },
    undo: function (d, who, entry) { return ["undid a " + d.action + " of ", who(entry.entity_id)]; },
  };

  function moved(d) {
    var n = (d.mention_ids || []).length;
    return n ? " (" + plural(n, "mention") + ")" : "";
  }

  // The person whose mentions an entry moved: merged away since, they are
  // named as those mentions were written.
  var MOVED = {merge: "absorbed", split: "new"};

  function entryWords(entry) {
    var d = entry.details;
    var ids = NAMED.map(function (k) { return d[k]; }).filter(Boolean).concat([entry.entity_id]);
    return Promise.all(ids.map(personName)).then(function (found) {
      var known = {};
      found.forEach(function (person) { known[person.id] = person; });
      var mover = d[MOVED[entry.action]];
      var gone = mover !== undefined && known[mover].into !== null;
      return (gone ? spellingOf(d.mention_ids) : Promise.resolve(null)).then(function (spelling) {
        var who = function (id, text) {
          return personLink(known[id], text || (id === mover && spelling ? "“" + spelling + "”" : null));
        };
        var words = ACTIONS[entry.action] || function () { return [entry.action + " of ", who(entry.entity_id)]; };
        return words(d, who, entry);
      });
    });
  }

  /* ---- settings ---- */

  var settingsForm = document.getElementById("settings");
  var toggle = document.getElementById("settings-toggle");
  var keyInput = document.getElementById("api-key");
  var actorInput = document.getElementById("actor");

  function showSettings(shown) {
    settingsForm.hidden = !shown;
    toggle.setAttribute("aria-expanded", String(shown));
    keyInput.value = localStorage.getItem(KEY) || "";
    actorInput.value = localStorage.getItem(ACTOR) || "";
  }

  // From an error about the key: the form, open, at the key.
  function openSettings() {
    showSettings(true);
    keyInput.focus();
  }

  toggle.addEventListener("click", function () { showSettings(settingsForm.hidden); });
  settingsForm.addEventListener("submit", function (event) {
    event.preventDefault();
    localStorage.setItem(KEY, keyInput.value.trim());
    localStorage.setItem(ACTOR, actorInput.value.trim());
    showSettings(false);
    names = {};
    refresh("Settings saved in this browser.");
  });

  window.addEventListener("hashchange", route);
  route();
})();
