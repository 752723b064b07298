/* The query page's result table and error messages, through YASR's own hooks (no fork):
 *
 * - the "table" plugin is YASR's Table with two methods replaced: draw() first fetches the
 *   labels of the result's nodes (one GET /labels.json per hundred), getCellContent() writes a
 *   node of this graph as its label linked to this server's page for it (its IRI on hover, a
 *   "ttl" link beside it), an ontology term as its name linked to /ontology, a literal as its
 *   value (datatype and language on hover). Rewriting by the data namespace in the settings keeps
 *   links working whatever KG_BASE is.
 * - `kgResults.renderError` is given to YASR as an error renderer: the endpoint's JSON error
 *   becomes a sentence saying what happened and what to do next.
 *
 * Everything written as HTML goes through escapeHtml; only http(s) IRIs become links. */
(function () {
  "use strict";

  var Yasr = Yasgui.Yasr;
  var settings = JSON.parse(document.getElementById("kg-sparql-settings").textContent);
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var PLAIN_TYPES = ["string", "boolean", "integer", "decimal", "double", "float", "int", "long",
                     "nonNegativeInteger", "positiveInteger", "date", "dateTime", "gYear", "gYearMonth"];
  var SLUG = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
  var MAX_LABELLED = 2000, PER_REQUEST = 100;
  var labels = {};  // IRI → label, for every node looked up so far

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* The path of a node of this graph (``claim/000_a/c01``), or null for any other IRI. */
  function localPath(iri) {
    if (iri.indexOf(settings.dataNamespace) !== 0) { return null; }
    var path = iri.slice(settings.dataNamespace.length);
    return SLUG.test(path) ? path : null;
  }

  function localName(iri) {
    var tail = iri.split(/[#/]/).pop() || iri;
    return tail.replace(/[-_]/g, " ");
  }

  function labelOf(iri) { return labels[iri] || localName(iri); }

  /* Look up the labels of the nodes among ``iris`` not yet known (at most MAX_LABELLED). */
  function fetchLabels(iris) {
    var wanted = [];
    iris.forEach(function (iri) {
      if (!(iri in labels) && localPath(iri) && wanted.indexOf(iri) < 0 && wanted.length < MAX_LABELLED) {
        wanted.push(iri);
      }
    });
    var chain = Promise.resolve();
    for (var i = 0; i < wanted.length; i += PER_REQUEST) {
      (function (batch) {
        chain = chain.then(function () {
          var query = batch.map(function (iri) { return "id=" + encodeURIComponent(localPath(iri)); });
          return fetch(settings.labels + "?" + query.join("&"), { headers: { Accept: "application/json" } })
            .then(function (response) { return response.ok ? response.json() : {}; })
            .then(function (found) {
              batch.forEach(function (iri) { labels[iri] = found[localPath(iri)] || localName(iri); });
            });
        });
      })(wanted.slice(i, i + PER_REQUEST));
    }
    return chain.catch(function () { /* no labels: cells show local names */ });
  }

  function resultIris(results) {
    var found = [];
    var bindings = (results && results.getBindings && results.getBindings()) || [];
    bindings.forEach(function (row) {
      Object.keys(row).forEach(function (name) {
        if (row[name].type === "uri") { found.push(row[name].value); }
      });
    });
    return found;
  }

  function shortIri(iri, prefixes) {
    for (var prefix in prefixes) {
      var ns = prefixes[prefix];
      if (ns && iri.indexOf(ns) === 0 && iri.length > ns.length) { return prefix + ":" + iri.slice(ns.length); }
    }
    return iri;
  }

  function iriCell(iri, prefixes) {
    var path = localPath(iri);
    if (path) {
      var page = settings.pages + path;
      return '<a class="kg-node" href="' + escapeHtml(page) + '" title="' + escapeHtml(iri) + '">' +
        escapeHtml(labelOf(iri)) + '</a> <a class="kg-ttl" href="' + escapeHtml(page + ".ttl") +
        '" title="Open ' + escapeHtml(iri) + ' as Turtle">ttl</a>';
    }
    var shown = escapeHtml(shortIri(iri, prefixes));
    if (iri.indexOf(settings.ontology) === 0) {
      var anchor = encodeURIComponent(iri.slice(settings.ontology.length));
      return '<a class="kg-term" href="' + escapeHtml(settings.ontologyPage + "#" + anchor) +
        '" title="' + escapeHtml(iri) + '">' + shown + "</a>";
    }
    if (/^https?:\/\//.test(iri)) {
      return '<a class="kg-external" href="' + escapeHtml(iri) + '" title="' + escapeHtml(iri) +
        '" rel="noopener noreferrer" target="_blank">' + shown + "</a>";
    }
    return "<span title=\"" + escapeHtml(iri) + "\">" + shown + "</span>";
  }

  function literalCell(binding, prefixes) {
    var value = escapeHtml(binding.value);
    var lang = binding["xml:lang"];
    if (lang) {
      return '<span lang="' + escapeHtml(lang) + '">' + value + '</span> <span class="kg-lang">' +
        escapeHtml(lang) + "</span>";
    }
    var type = binding.datatype || "";
    if (!type || (type.indexOf(XSD) === 0 && PLAIN_TYPES.indexOf(type.slice(XSD.length)) >= 0)) {
      return '<span class="kg-literal" title="' + escapeHtml(type ? shortIri(type, prefixes) : "text") +
        '">' + value + "</span>";
    }
    return '<span class="kg-literal">' + value + '</span> <span class="kg-type">' +
      escapeHtml(shortIri(type, prefixes)) + "</span>";
  }

  function cell(binding, declared) {
    var prefixes = Object.assign({}, settings.prefixes, declared);  // the ontology's, then the query's
    if (binding.type === "uri") { return iriCell(binding.value, prefixes); }
    if (binding.type === "bnode") { return "<span>_:" + escapeHtml(binding.value) + "</span>"; }
    return literalCell(binding, prefixes);
  }

  /* ``SELECT *`` comes back with its columns sorted by name: show them in the order the query
   * first names them, as a reader expects. */
  function orderColumns(results) {
    var json = results && results.getAsJson && results.getAsJson();
    var query = window.kgCurrentQuery ? window.kgCurrentQuery() : "";
    if (!json || !json.head || !json.head.vars || !/select\s+(distinct\s+|reduced\s+)?\*/i.test(query)) { return; }
    var body = query.slice(query.search(/\bwhere\b|\{/i));
    json.head.vars.sort(function (a, b) { return position(body, a) - position(body, b); });
  }

  function position(text, variable) {
    var match = new RegExp("[?$]" + variable + "(?![A-Za-z0-9_])").exec(text);
    return match ? match.index : Infinity;
  }

  var Table = Yasr.plugins.table;
  class Labelled extends Table {
    draw(persistentConfig) {
      var self = this;
      orderColumns(this.yasr.results);
      return fetchLabels(resultIris(this.yasr.results)).then(function () {
        return Table.prototype.draw.call(self, persistentConfig);
      });
    }
    getCellContent(binding, prefixes) { return "<div>" + cell(binding, prefixes) + "</div>"; }
  }
  Yasr.registerPlugin("table", Labelled);

  /* ---- errors: what happened, and what to do next ---- */

  function paragraph(text, className) {
    var p = document.createElement("p");
    p.textContent = text;
    if (className) { p.className = className; }
    return p;
  }

  function parseError(error) {
    try {
      var body = JSON.parse(error.text);
      if (body && typeof body === "object" && body.error) { return body; }
    } catch (e) { /* not our JSON: fall through */ }
    return { status: error.status, error: error.text || "no answer from the server" };
  }

  /* Oxigraph's parser says what it expected, which rarely names the mistake: a few translations. */
  var HINTS = [[/LATERAL, SERVICE/, "A triple pattern looks incomplete: each needs a subject, a " +
                "predicate and an object, and patterns are separated by ' . '."],
               [/PREFIX|undefined prefix|prefix/i, "Is every prefix declared? The ontology's are listed " +
                "in the folded PREFIX line at the top of the starter query."]];

  function advice(body) {
    var seconds = Number(body.retry_after || body.retryAfter || 0);
    switch (body.status) {
      case 400:
        var hint = HINTS.filter(function (h) { return h[0].test(body.error); })[0];
        return (hint ? hint[1] + " " : "") + (body.line ? "The spot is marked in the editor." : "") ||
          "Check the query: only SPARQL 1.1 queries are accepted, without SERVICE.";
      case 403: return "This endpoint only reads: SPARQL Update is not accepted.";
      case 413: return "The query text is too long; shorten it (large VALUES lists are a common cause).";
      case 429: return "Too many queries are running from your address. Wait " +
        (seconds ? seconds + " second" + (seconds === 1 ? "" : "s") : "a few seconds") + " and run it again.";
      case 502: return "The data store behind this site did not answer. Try again in a minute.";
      case 503: return "The query ran longer than the " + settings.timeout + "-second limit and was stopped. " +
        "Make it more selective (start from a fixed node or type), add a LIMIT, or avoid regular " +
        "expressions over every literal, then run it again.";
      default: return body.status ? "Try again; if it keeps failing, the query may be too heavy." :
        "The server could not be reached: check your connection and run the query again.";
    }
  }

  function title(body) {
    if (body.status === 400 && body.line) {
      return "Syntax error at line " + body.line + ", column " + body.column;
    }
    return { 400: "The query was refused", 403: "Not allowed", 413: "Query too long",
             429: "Too many queries", 502: "Store unavailable", 503: "Time limit reached" }[body.status] ||
      (body.status ? "Error " + body.status : "No answer");
  }

  function renderError(error) {
    var body = parseError(error);
    var box = document.createElement("div");
    box.className = "kg-error";
    box.setAttribute("role", "alert");
    var heading = document.createElement("h3");
    heading.textContent = title(body);
    box.appendChild(heading);
    box.appendChild(paragraph(body.error, "kg-error-message"));
    box.appendChild(paragraph(advice(body), "kg-error-advice"));
    if (window.kgMarkError && body.line) { window.kgMarkError(body.line, body.column); }
    return Promise.resolve(box);
  }

  window.kgResults = { renderError: renderError, fetchLabels: fetchLabels, labelOf: labelOf,
                       localPath: localPath, escapeHtml: escapeHtml, settings: settings };
})();
