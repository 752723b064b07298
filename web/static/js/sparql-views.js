/* Result views beyond the table, as YASR plugins (YASR.registerPlugin; YASGUI is not forked):
 *
 * - Timeline: each row as a bar from its earliest to its latest date (a year or a month spans
 *   the whole of it), named by the row's first other column; for queries with date columns.
 * - Bar chart: the first numeric column per row, named by the first other column; for counts.
 * - Graph: the nodes and links of a CONSTRUCT/DESCRIBE result, or of the first two IRI columns
 *   of a SELECT (a third column, if any, labels the link).
 *
 * Chart.js and cytoscape.js (both vendored, pinned) load when a view is first drawn. A view is
 * offered only when the result fits it; "#defaultView:Timeline" (or BarChart, Graph) in the
 * query opens it directly, as on the Wikidata Query Service. */
(function () {
  "use strict";

  var Yasr = Yasgui.Yasr;
  var kg = window.kgResults;
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var NUMBERS = ["integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger",
                 "positiveInteger", "unsignedInt"].map(function (t) { return XSD + t; });
  var DATES = ["date", "dateTime", "gYear", "gYearMonth"].map(function (t) { return XSD + t; });
  var DATE_TEXT = /^-?\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
  var MAX_ROWS = 500, MAX_NODES = 300;
  var scripts = {};

  function load(src) {
    return scripts[src] || (scripts[src] = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    }));
  }

  function bindings(yasr) { return (yasr.results && yasr.results.getBindings && yasr.results.getBindings()) || []; }
  function variables(yasr) { return (yasr.results && yasr.results.getVariables && yasr.results.getVariables()) || []; }

  function isDate(term) {
    return !!term && term.type !== "uri" && (DATES.indexOf(term.datatype) >= 0 ||
      (!term.datatype && DATE_TEXT.test(term.value)));
  }
  function isNumber(term) { return !!term && NUMBERS.indexOf(term.datatype) >= 0; }

  /* The columns most of whose values pass ``test``. */
  function columns(yasr, test) {
    var rows = bindings(yasr);
    return variables(yasr).filter(function (name) {
      var hits = rows.filter(function (row) { return test(row[name]); }).length;
      return rows.length > 0 && hits >= rows.length / 2;
    });
  }

  function text(term) {
    if (!term) { return ""; }
    return term.type === "uri" ? kg.labelOf(term.value) : term.value;
  }

  /* [first, last] milliseconds of a date as written: 2019 is all of 2019, 2019-05 all of May. */
  function range(value) {
    var m = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
    if (!m) { return null; }
    var y = Number(m[1]), mo = m[2] ? Number(m[2]) - 1 : null, d = m[3] ? Number(m[3]) : null;
    if (mo === null) { return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1) - 1]; }
    if (d === null) { return [Date.UTC(y, mo, 1), Date.UTC(y, mo + 1, 1) - 1]; }
    return [Date.UTC(y, mo, d), Date.UTC(y, mo, d + 1) - 1];
  }

  function day(ms) { return new Date(ms).toISOString().slice(0, 10); }

  function canvasIn(yasr, rows) {
    var wrap = document.createElement("div");
    wrap.className = "kg-chart";
    wrap.style.height = Math.min(30000, Math.max(160, 60 + rows * 22)) + "px";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    wrap.appendChild(canvas);
    yasr.resultsEl.appendChild(wrap);
    return canvas;
  }

  function note(yasr, message) {
    var p = document.createElement("p");
    p.className = "kg-view-note";
    p.textContent = message;
    yasr.resultsEl.appendChild(p);
  }

  function icon(symbol) {
    var span = document.createElement("span");
    span.className = "kg-view-icon";
    span.textContent = symbol;
    return span;
  }

  class ChartView {
    constructor(yasr) { this.yasr = yasr; this.chart = null; }
    initialize() { return load(kg.settings.vendor.chartjs); }
    destroy() { if (this.chart) { this.chart.destroy(); this.chart = null; } }
    labelColumn() {
      var numbers = columns(this.yasr, isNumber), dates = columns(this.yasr, isDate);
      return variables(this.yasr).filter(function (v) {
        return numbers.indexOf(v) < 0 && dates.indexOf(v) < 0;
      })[0];
    }
  }

  class Timeline extends ChartView {
    constructor(yasr) { super(yasr); this.label = "Timeline"; this.priority = 3; }
    getIcon() { return icon("⟷"); }
    canHandleResults() {
      return bindings(this.yasr).length > 0 && columns(this.yasr, isDate).length > 0;
    }
    draw() {
      var self = this, dates = columns(this.yasr, isDate), name = this.labelColumn();
      var rows = bindings(this.yasr);
      var iris = rows.map(function (r) { return name && r[name] && r[name].value; }).filter(Boolean);
      return kg.fetchLabels(iris).then(function () {
        var items = rows.map(function (row) {
          var spans = dates.map(function (d) { return row[d] && range(row[d].value); }).filter(Boolean);
          if (!spans.length) { return null; }
          return { label: name ? text(row[name]) : dates.map(function (d) { return text(row[d]); }).join(" – "),
                   from: Math.min.apply(null, spans.map(function (s) { return s[0]; })),
                   to: Math.max.apply(null, spans.map(function (s) { return s[1]; })) };
        }).filter(Boolean).sort(function (a, b) { return a.from - b.from || a.to - b.to; });
        var shown = items.slice(0, MAX_ROWS);
        var first = Math.min.apply(null, shown.map(function (i) { return i.from; }));
        var last = Math.max.apply(null, shown.map(function (i) { return i.to; }));
        var margin = Math.max((last - first) * 0.02, 86400000);
        var years = (last - first) / 3.15e10;  // the axis names years, months or days
        var tick = function (ms) { return day(ms).slice(0, years > 3 ? 4 : years > 0.3 ? 7 : 10); };
        var canvas = canvasIn(self.yasr, shown.length);
        canvas.setAttribute("aria-label", "Timeline of " + shown.length + " rows");
        self.chart = new Chart(canvas, {
          type: "bar",
          data: { labels: shown.map(function (i) { return clip(i.label, nameSize(self.yasr)); }),
                  datasets: [{ label: "from earliest to latest date", backgroundColor: "#2f855a",
                               minBarLength: 4, data: shown.map(function (i) { return [i.from, i.to]; }) }] },
          options: { indexAxis: "y", maintainAspectRatio: false, animation: false,
                     plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (c) {
                       return day(c.raw[0]) + " – " + day(c.raw[1]);
                     } } } },
                     scales: { x: { type: "linear", min: first - margin, max: last + margin,
                                    ticks: { callback: tick, maxRotation: 0, autoSkipPadding: 24 } },
                               y: { ticks: { autoSkip: false } } } },
        });
        if (items.length > shown.length) { note(self.yasr, "Showing the first " + MAX_ROWS + " of " + items.length + " rows."); }
      });
    }
  }

  class BarChart extends ChartView {
    constructor(yasr) { super(yasr); this.label = "Bar chart"; this.priority = 2; }
    getIcon() { return icon("▤"); }
    canHandleResults() {
      return bindings(this.yasr).length > 0 && columns(this.yasr, isNumber).length > 0 &&
        variables(this.yasr).length > 1;
    }
    draw() {
      var self = this, value = columns(this.yasr, isNumber)[0], name = this.labelColumn();
      var rows = bindings(this.yasr).filter(function (row) { return isNumber(row[value]); });
      var shown = rows.slice(0, MAX_ROWS);
      return kg.fetchLabels(shown.map(function (r) { return name && r[name] && r[name].value; }).filter(Boolean))
        .then(function () {
          var canvas = canvasIn(self.yasr, shown.length);
          canvas.setAttribute("aria-label", "Bar chart of " + value);
          self.chart = new Chart(canvas, {
            type: "bar",
            data: { labels: shown.map(function (r) { return clip(name ? text(r[name]) : "", nameSize(self.yasr)); }),
                    datasets: [{ label: value, backgroundColor: "#0b5cad",
                                 data: shown.map(function (r) { return Number(r[value].value); }) }] },
            options: { indexAxis: "y", maintainAspectRatio: false, animation: false,
                       plugins: { legend: { display: false } },
                       scales: { y: { ticks: { autoSkip: false } } } },
          });
          if (rows.length > shown.length) { note(self.yasr, "Showing the first " + MAX_ROWS + " of " + rows.length + " rows."); }
        });
    }
  }

  function clip(value, size) { return value.length > size ? value.slice(0, size - 1) + "…" : value; }
  /* Row names beside a chart: a third of its width at most, so a phone keeps room for the bars. */
  function nameSize(yasr) { return Math.max(16, Math.min(60, Math.floor(yasr.resultsEl.clientWidth / 3 / 6.5))); }

  /* The links to draw: [subject, label, object] with both ends IRIs. */
  function links(yasr) {
    var vars = variables(yasr), rows = bindings(yasr);
    if (vars.join() === "subject,predicate,object") {  // a CONSTRUCT or DESCRIBE result
      return rows.filter(function (r) { return r.subject.type === "uri" && r.object.type === "uri"; })
        .map(function (r) { return [r.subject.value, kg.labelOf(r.predicate.value), r.object.value]; });
    }
    var iriColumns = columns(yasr, function (t) { return !!t && t.type === "uri"; });
    if (iriColumns.length < 2) { return []; }
    var extra = vars.filter(function (v) { return iriColumns.indexOf(v) < 0; })[0];
    return rows.filter(function (r) { return r[iriColumns[0]] && r[iriColumns[1]]; }).map(function (r) {
      return [r[iriColumns[0]].value, extra && r[extra] ? text(r[extra]) : iriColumns[1], r[iriColumns[1]].value];
    });
  }

  class GraphView {
    constructor(yasr) { this.yasr = yasr; this.cy = null; this.label = "Graph"; this.priority = 1; }
    getIcon() { return icon("⬡"); }
    initialize() { return load(kg.settings.vendor.cytoscape); }
    destroy() { if (this.cy) { this.cy.destroy(); this.cy = null; } }
    canHandleResults() { return links(this.yasr).length > 0; }
    draw() {
      var self = this, found = links(this.yasr), iris = [];
      found.forEach(function (l) { iris.push(l[0], l[2]); });
      return kg.fetchLabels(iris).then(function () {
        var nodes = {}, elements = [];
        found.forEach(function (l, i) {
          [l[0], l[2]].forEach(function (iri) {
            if (!nodes[iri] && Object.keys(nodes).length < MAX_NODES) {
              nodes[iri] = true;
              elements.push({ data: { id: iri, label: clip(kg.labelOf(iri), 40),
                                      local: !!kg.localPath(iri) } });
            }
          });
          if (nodes[l[0]] && nodes[l[2]]) {
            elements.push({ data: { id: "e" + i, source: l[0], target: l[2], label: clip(l[1], 24) } });
          }
        });
        var box = document.createElement("div");
        box.className = "kg-graph";
        box.setAttribute("role", "img");
        box.setAttribute("aria-label", "Graph of " + Object.keys(nodes).length + " nodes");
        self.yasr.resultsEl.appendChild(box);
        self.cy = cytoscape({
          container: box, elements: elements,
          style: [
            { selector: "node", style: { "label": "data(label)", "font-size": 11, "width": 12, "height": 12,
              "background-color": "#718096", "text-valign": "bottom", "text-margin-y": 3,
              "text-wrap": "wrap", "text-max-width": 140, "text-background-color": "#fff",
              "text-background-opacity": 0.8 } },
            { selector: "node[?local]", style: { "background-color": "#0b5cad" } },
            { selector: "edge", style: { "label": "data(label)", "font-size": 9, "width": 1,
              "curve-style": "bezier", "target-arrow-shape": "triangle", "line-color": "#b8c2cc",
              "target-arrow-color": "#b8c2cc", "text-rotation": "autorotate", "color": "#3d4852",
              "text-background-color": "#fff", "text-background-opacity": 0.8 } },
          ],
          layout: { name: "cose", animate: false, nodeDimensionsIncludeLabels: true, padding: 20,
                    idealEdgeLength: function () { return 110; }, nodeRepulsion: function () { return 9000; } },
        });
        if (self.cy.zoom() < 0.8) {  // a big graph: readable labels, and pan to see the rest
          self.cy.zoom({ level: 0.8, renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 } });
        }
        self.cy.on("tap", "node", function (event) {
          var path = kg.localPath(event.target.id());
          if (path) { window.location.assign(kg.settings.pages + path); }
        });
        if (found.length && Object.keys(nodes).length >= MAX_NODES) {
          note(self.yasr, "Showing the first " + MAX_NODES + " nodes.");
        }
      });
    }
  }

  Yasr.registerPlugin("timeline", Timeline);
  Yasr.registerPlugin("barchart", BarChart);
  Yasr.registerPlugin("graph", GraphView);
  window.kgViews = { timeline: "timeline", barchart: "barchart", graph: "graph", table: "table" };
})();
