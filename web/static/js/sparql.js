/* The query page: YASGUI on our endpoint, ontology prefixes preloaded, one-click examples.
 * Settings come from the JSON block #kg-sparql-settings (no inline script: the site's CSP). */
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

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    populateFromUrl: false, // the server reads ?query= and passes it in settings.query
    persistenceId: "kg-sparql",
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: starter },
  });

  /* Keep the address bar pointing at the current query, so it can be shared or bookmarked. */
  function remember(query) {
    var url = new URL(window.location.href);
    url.search = "?query=" + encodeURIComponent(query);
    window.history.replaceState(null, "", url.href);
  }

  function show(query, name, run) {
    var tab = yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.setQuery(query);
    if (name) { tab.setName(name); }
    remember(query);
    if (run) { tab.query(); }
  }

  if (settings.query) {  // a shared link: open its query in a tab (an existing one if equal)
    yasgui.addTab(true, { name: "Shared query", yasqe: { value: settings.query } },
                  { avoidDuplicateTabs: true });
    yasgui.getTab().setEndpoint(endpoint);
  }

  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = examples[button.dataset.slug];
      show(example.text, example.title, true);
    });
  });

  yasgui.on("query", function (instance, tab) { remember(tab.getQuery()); });
})();
