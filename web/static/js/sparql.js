/* The query page: YASGUI on our endpoint, ontology prefixes preloaded (and folded), examples
 * behind a searchable "Examples" menu, a banner when the row limit cut the result, and the spot
 * of a syntax error marked in the editor. Settings come from the JSON block #kg-sparql-settings
 * (no inline script: the site's CSP); the result views are in sparql-table.js and
 * sparql-views.js, loaded before this file. */
(function () {
  "use strict";

  var settings = JSON.parse(document.getElementById("kg-sparql-settings").textContent);
  var endpoint = new URL(settings.endpoint, window.location.href).href;
  var prologue = Object.keys(settings.prefixes).map(function (prefix) {
    return "PREFIX " + prefix + ": <" + settings.prefixes[prefix] + ">";
  }).join("\n");
  var starter = prologue + "\n\nSELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n}\nLIMIT 25\n";
  var examples = {};
  settings.examples.forEach(function (example) { examples[example.slug] = example; });

  // Each tab builds its YASR from Yasr.defaults: the error renderer and view order go there.
  Yasgui.Yasr.defaults.errorRenderers = [window.kgResults.renderError];
  Yasgui.Yasr.defaults.pluginOrder = ["table", "timeline", "barchart", "graph", "response"];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    populateFromUrl: false, // the server reads ?query= and passes it in settings.query
    persistenceId: "kg-sparql",
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: starter, collapsePrefixesOnLoad: true, editorHeight: "280px" },
  });

  function tab() { return yasgui.getTab(); }
  window.kgCurrentQuery = function () { return tab() ? tab().getQuery() : ""; };

  /* Keep the address bar pointing at the current query, so it can be shared or bookmarked. */
  function remember(query) {
    var url = new URL(window.location.href);
    url.search = "?query=" + encodeURIComponent(query);
    window.history.replaceState(null, "", url.href);
  }

  function show(query, name, run) {
    tab().setEndpoint(endpoint);
    tab().setQuery(query);
    if (name) { tab().setName(name); }
    remember(query);
    if (run) { tab().query(); }
  }

  if (settings.query) {  // a shared link: open its query in a tab (an existing one if equal)
    yasgui.addTab(true, { name: "Shared query", yasqe: { value: settings.query } },
                  { avoidDuplicateTabs: true });
    tab().setEndpoint(endpoint);
  }

  /* ---- the Examples menu: a button, a search box, the list ---- */
  var menuButton = document.getElementById("examples-button");
  var menu = document.getElementById("examples-panel");
  var search = document.getElementById("examples-search");
  function openMenu(open) {
    menu.hidden = !open;
    menuButton.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { search.focus(); }
  }
  menuButton.addEventListener("click", function () { openMenu(menu.hidden); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !menu.hidden) { openMenu(false); menuButton.focus(); }
  });
  document.addEventListener("click", function (event) {
    if (!menu.hidden && !menu.contains(event.target) && !menuButton.contains(event.target)) { openMenu(false); }
  });
  search.addEventListener("input", function () {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
    menu.querySelectorAll("li[data-search]").forEach(function (item) {
      var hit = words.every(function (w) { return item.dataset.search.indexOf(w) >= 0; });
      item.hidden = !hit;
      shown += hit ? 1 : 0;
    });
    document.getElementById("examples-none").hidden = shown > 0;
  });
  menu.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = examples[button.dataset.slug];
      openMenu(false);
      show(example.text, example.title, true);
    });
  });

  /* ---- after a query: the truncation banner, the chosen view, the error mark ---- */
  var marks = [];
  function clearMarks() {
    marks.forEach(function (mark) { mark.clear(); });
    marks = [];
  }
  window.kgMarkError = function (line, column) {
    var yasqe = tab().getYasqe();
    var row = Math.max(0, Math.min(line - 1, yasqe.lineCount() - 1));
    var length = yasqe.getLine(row).length;
    var end = Math.max(0, Math.min(column - 1, length)), start = Math.max(0, end - 1);
    clearMarks();
    marks.push(yasqe.markText({ line: row, ch: start }, { line: row, ch: Math.max(end, start + 1) },
                              { className: "kg-error-mark", title: "the error is here" }));
    var caret = document.createElement("span");
    caret.className = "kg-error-caret";
    caret.textContent = "▲ here";
    marks.push(yasqe.setBookmark({ line: row, ch: end }, { widget: caret }));
    yasqe.addLineClass(row, "background", "kg-error-line");
    marks.push({ clear: function () { yasqe.removeLineClass(row, "background", "kg-error-line"); } });
    yasqe.scrollIntoView({ line: row, ch: end }, 40);
  };

  function truncated(results) {
    var json = results && results.getAsJson && results.getAsJson();
    var response = results && results.res;  // YASR keeps the fetch response, with its headers
    var header = response && response.headers && response.headers.get &&
      response.headers.get("X-SPARQL-Truncated");
    return !!(json && json.truncated) || header === "true";
  }

  function banner(yasr) {
    var old = yasr.rootEl.querySelector(".kg-banner");
    if (old) { old.remove(); }
    if (!truncated(yasr.results)) { return; }
    var box = document.createElement("div");
    box.className = "kg-banner";
    box.setAttribute("role", "status");
    var rows = settings.maxRows.toLocaleString("en");
    box.textContent = "Showing the first " + rows + " rows: the result was cut at the row limit. " +
      "Add LIMIT and OFFSET to page through the rest (LIMIT " + settings.maxRows + " OFFSET " +
      settings.maxRows + " gives the next rows), or download the whole graph and query it locally: ";
    var link = document.createElement("a");
    link.href = settings.downloads;
    link.textContent = "downloads";
    box.appendChild(link);
    box.appendChild(document.createTextNode("."));
    yasr.rootEl.insertBefore(box, yasr.resultsEl);
  }

  function defaultView(query) {
    var match = /#\s*defaultView:\s*(\w+)/i.exec(query || "");
    var name = match && match[1].toLowerCase();
    return name && window.kgViews[name];
  }

  function watch(t) {
    if (!t || t.kgWatched) { return; }
    t.kgWatched = true;
    var yasr = t.getYasr(), pending = null;
    t.on("queryBefore", function () {
      clearMarks();
      pending = defaultView(t.getQuery());
    });
    /* YASR draws a new result after the tab's queryResponse event: choose the view then. */
    yasr.on("drawn", function () {
      banner(yasr);
      var view = pending;
      pending = null;
      if (view && view !== yasr.getSelectedPluginName() && yasr.results && !yasr.results.getError() &&
          yasr.plugins[view] && yasr.plugins[view].canHandleResults()) {
        yasr.selectPlugin(view);
      }
    });
  }
  watch(tab());
  yasgui.on("tabSelect", function () { setTimeout(function () { watch(tab()); }, 0); });
  yasgui.on("tabAdd", function () { setTimeout(function () { watch(tab()); }, 0); });
  yasgui.on("query", function (instance, t) { remember(t.getQuery()); });
})();
