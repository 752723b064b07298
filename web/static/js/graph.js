/* The neighbourhood graph of a node page, drawn with the vendored cytoscape.js.
 *
 * The node itself sits at the top left; the nodes linked to it are listed in groups (by kind,
 * claims by stance), each group under a heading, the groups in as many columns as the width
 * allows. Every line is an elbow from the node to a neighbour, labelled with its property just
 * before the neighbour ("about ▸" points to the neighbour, "◂ claimant" from it). Positions are
 * computed here, row by row, from the measured size of each label: labels cannot overlap, at any
 * width. Tapping a node shows its details below the graph (a bottom sheet on a phone).
 *
 * Data come from the JSON block #graph-data (no inline script: the site's CSP); every text is
 * set as cytoscape data or as textContent, never as HTML. Colours come from the stylesheet's
 * --kind-* properties, which the legend uses too. */
(function () {
  "use strict";

  var source = document.getElementById("graph-data");
  var box = document.getElementById("graph");
  if (!source || !box || typeof cytoscape !== "function") { return; }
  var data = JSON.parse(source.textContent);
  var style = getComputedStyle(document.documentElement);
  var KINDS = ["entity", "event", "agreement", "post", "source", "article", "proposition",
               "provision", "holding", "claim"];
  var TITLES = { entity: "People, bodies, places", event: "Events", agreement: "Agreements",
                 post: "Posts", source: "Sources", article: "Articles", proposition: "Propositions",
                 provision: "Provisions", holding: "Posts held", claim: "Claims" };
  var PAD = 12, TRUNK = 24, ROW = 24, GROUP_GAP = 18, SPACING = 30;

  function colour(kind) {
    return style.getPropertyValue("--kind-" + kind).trim() || "#718096";
  }

  function clip(text, size) {
    if (text.length <= size) { return text; }
    return text.slice(0, size - 1).replace(/[\s,;:.]+\S*$/, "") + "…";
  }

  var centre = data.nodes.filter(function (n) { return n.center; })[0];
  var links = {};  // neighbour id → {out: [property], in: [property]}
  data.edges.forEach(function (edge) {
    var outward = edge.source === centre.id;
    var other = outward ? edge.target : edge.source;
    var entry = links[other] || (links[other] = { out: [], in: [] });
    var list = outward ? entry.out : entry.in;
    if (list.indexOf(edge.label) < 0) { list.push(edge.label); }
  });

  /* Groups in reading order: kinds first, claims after, one group per stance. */
  var groups = {};
  data.nodes.forEach(function (node) {
    if (node.center) { return; }
    var key = node.kind === "claim" ? "claim:" + node.group : node.kind;
    (groups[key] || (groups[key] = { key: key, kind: node.kind, nodes: [] })).nodes.push(node);
  });
  var ordered = Object.keys(groups).map(function (key) { return groups[key]; }).sort(function (a, b) {
    var rank = KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind);
    return rank || b.nodes.length - a.nodes.length || (a.key < b.key ? -1 : 1);
  });

  function heading(group) {
    var title = group.kind === "claim" ? "Claims: " + group.key.slice(6) : TITLES[group.kind] || group.kind;
    return title + " (" + group.nodes.length + ")";
  }

  /* The property next to a neighbour; more than one (a speaker is also a participant): the
   * most specific first, the count of the others after it (the details list them all). */
  function edgeLabel(entry, chars) {
    entry = entry || { out: [], in: [] };
    var parts = entry.out.map(function (p) { return p + " ▸"; })
      .concat(entry.in.map(function (p) { return "◂ " + p; }))
      .sort(function (a, b) { return (a.indexOf("participant") >= 0) - (b.indexOf("participant") >= 0); });
    var more = parts.length > 1 ? " +" + (parts.length - 1) : "";
    return clip(parts[0] || "", chars - more.length) + more;
  }

  /* A claim is named by its stance, claimant and year, then the start of what it says. */
  function nodeText(node) {
    if (node.kind === "claim" && node.summary) {
      return node.summary + "\n“" + clip(node.label, 46) + "”";
    }
    return clip(node.label, 80);
  }

  var elements = [{ group: "nodes", classes: "centre",
                    data: { id: centre.id, text: centre.label, full: centre.label, node: centre,
                            colour: colour(centre.kind) } }];
  ordered.forEach(function (group, g) {
    elements.push({ group: "nodes", classes: "heading", selectable: false,
                    data: { id: "heading-" + g, text: heading(group) } });
    group.nodes.forEach(function (node) {
      elements.push({ group: "nodes", classes: node.kind === "claim" ? "claim" : "",
                      data: { id: node.id, text: nodeText(node), node: node,
                              colour: colour(node.kind) } });
      var entry = links[node.id] || { out: [], in: [] };
      elements.push({ group: "edges", classes: (entry.out.length ? "out " : "") + (entry.in.length ? "in" : ""),
                      data: { id: "edge-" + node.id, source: centre.id, target: node.id,
                              label: "", turn: 0 } });
    });
  });

  var cy = cytoscape({
    container: box,
    elements: elements,
    layout: { name: "preset" },
    userZoomingEnabled: false,  // the layout fits the width: nothing to zoom, and a phone
    userPanningEnabled: false,  // must scroll the page, not the canvas
    boxSelectionEnabled: false,
    autoungrabify: true,
    style: [
      { selector: "node[colour]", style: { "background-color": "data(colour)" } },
      { selector: "node", style: {
        "width": 12, "height": 12, "label": "data(text)",
        "font-size": 12, "color": "#1d232a", "text-halign": "right", "text-valign": "center",
        "text-margin-x": 7, "text-wrap": "wrap", "text-max-width": 200, "min-zoomed-font-size": 0 } },
      { selector: "node.claim", style: { "shape": "round-rectangle" } },
      { selector: "node.centre", style: {
        "width": 20, "height": 20, "border-width": 3, "border-color": "#1d232a",
        "font-size": 15, "font-weight": "bold", "text-valign": "top", "text-halign": "right",
        "text-margin-x": -10, "text-margin-y": -6 } },
      { selector: "node.heading", style: {
        "width": 1, "height": 1, "background-opacity": 0, "font-size": 12, "font-weight": "bold",
        "color": "#5b6670", "text-transform": "uppercase", "text-margin-x": 0, "events": "no" } },
      { selector: "node.selected", style: { "border-width": 3, "border-color": "#c05621", "width": 16, "height": 16 } },
      { selector: "edge", style: {
        "curve-style": "taxi", "taxi-direction": "rightward", "taxi-turn": "data(turn)",
        "taxi-turn-min-distance": 0, "width": 1, "line-color": "#b8c2cc",
        "target-label": "data(label)", "target-text-offset": 52, "target-text-margin-y": -7,
        "font-size": 10, "color": "#3d4852", "arrow-scale": 0.7,
        "target-arrow-color": "#b8c2cc", "source-arrow-color": "#b8c2cc" } },
      { selector: "edge.out", style: { "target-arrow-shape": "triangle" } },
      { selector: "edge.in", style: { "source-arrow-shape": "triangle" } },
      { selector: "edge.selected", style: { "line-color": "#c05621", "width": 2,
        "target-arrow-color": "#c05621", "source-arrow-color": "#c05621" } },
    ],
  });

  /* The groups as one list of rows (a heading, then its nodes), each as tall as its label,
   * poured into columns of about equal height; a group that does not fit goes on in the next
   * column under a "continued" heading. */
  function layout() {
    var width = box.clientWidth;
    var narrow = width < 500;
    var gap = narrow ? 92 : 112;  // trunk → node: room for the property's label
    var room = width - 2 * PAD - 10 - TRUNK + SPACING;  // 10: the left half of the centre
    var columns = Math.max(1, Math.floor(room / (gap + 14 + 200 + SPACING)));
    var column = room / columns;
    var labelWidth = Math.max(120, Math.min(320, column - SPACING - gap - 14));
    var chars = Math.floor((gap - 12) / (narrow ? 5 : 5.6));
    cy.edges().forEach(function (edge) { edge.data("label", edgeLabel(links[edge.target().id()], chars)); });
    cy.edges().style({ "font-size": narrow ? 9 : 10, "target-text-offset": gap / 2 });
    cy.remove(".continued");
    cy.batch(function () {
      cy.nodes().not(".centre").not(".heading").style("text-max-width", labelWidth);
      cy.nodes(".heading").style("text-max-width", labelWidth + gap / 2);
      cy.nodes(".centre").style("text-max-width", width - 3 * PAD);
    });
    function height(element, extra) {
      return Math.max(ROW, element.boundingBox({ includeLabels: true }).h + extra);
    }
    var rows = [];
    ordered.forEach(function (group, g) {
      var head = cy.getElementById("heading-" + g);
      rows.push({ element: head, h: height(head, 10), before: g ? GROUP_GAP : 0, group: g, head: true });
      group.nodes.forEach(function (node) {
        rows.push({ element: cy.getElementById(node.id), h: 0, before: 0, group: g });
      });
    });
    rows.forEach(function (row) { if (!row.head) { row.h = height(row.element, 8); } });
    var total = rows.reduce(function (sum, row) { return sum + row.before + row.h; }, 0);
    var target = total / columns, col = 0, y = 0, top = 28;
    cy.getElementById(centre.id).position({ x: 0, y: 0 });
    rows.forEach(function (row, i) {
      // A heading keeps its first node with it.
      var need = row.before + row.h + (row.head ? rows[i + 1].h : 0);
      if (y > 0 && col < columns - 1 && y + need / 2 > target) {
        col += 1;
        y = 0;
        if (!row.head) {  // the group goes on in this column: say so
          var head = cy.add({ group: "nodes", classes: "heading continued", selectable: false,
            data: { id: "continued-" + i, text: heading(ordered[row.group]) + ", continued" } });
          head.style("text-max-width", labelWidth + gap / 2);
          var h = height(head, 10);
          head.position({ x: TRUNK + col * column + gap - 6, y: top + h / 2 - 5 });
          y = h;
        }
      }
      if (y > 0) { y += row.before; }
      var trunk = TRUNK + col * column;
      row.element.position({ x: trunk + gap - (row.head ? 6 : 0),
                             y: top + y + row.h / 2 - (row.head ? 5 : 0) });
      if (!row.head) { cy.getElementById("edge-" + row.element.id()).data("turn", trunk); }
      y += row.h;
    });
    var bounds = cy.elements().boundingBox({ includeLabels: true });
    box.style.height = Math.ceil(bounds.h + 2 * PAD) + "px";
    cy.resize();
    cy.zoom(1);
    cy.pan({ x: PAD - bounds.x1, y: PAD - bounds.y1 });
  }

  /* The details of a tapped node: what it is, its full name, how it is linked, its page. */
  var panel = document.getElementById("graph-details");
  function sentence(node) {
    var entry = links[node.id] || { out: [], in: [] };
    return entry.out.map(function (p) { return centre.label + " — " + p + " → " + node.label; })
      .concat(entry.in.map(function (p) { return node.label + " — " + p + " → " + centre.label; }));
  }
  function show(element) {
    var node = element.data("node");
    if (!node || !panel) { return; }
    cy.elements(".selected").removeClass("selected");
    element.addClass("selected");
    element.connectedEdges().addClass("selected");
    document.getElementById("graph-details-kind").textContent =
      node.kind + (node.kind === "claim" && node.group ? " · " + node.group : "");
    document.getElementById("graph-details-label").textContent = node.label;
    document.getElementById("graph-details-summary").textContent = node.summary || "";
    var list = document.getElementById("graph-details-links");
    list.textContent = "";
    (node.center ? [] : sentence(node)).forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    var open = document.getElementById("graph-details-open");
    open.hidden = !node.href || node.center;
    if (node.href) { open.href = node.href; }
    panel.hidden = false;
    if (!window.matchMedia("(max-width: 700px)").matches) {  // beside the node, not at the top
      var room = box.clientHeight - panel.offsetHeight - 8;
      panel.style.top = Math.max(8, Math.min(room, element.renderedPosition().y - 40)) + "px";
    }
    panel.scrollIntoView({ block: "nearest" });
  }
  cy.on("tap", "node", function (event) { show(event.target); });
  if (panel) {
    panel.querySelector(".sheet-close").addEventListener("click", function () {
      panel.hidden = true;
      cy.elements(".selected").removeClass("selected");
    });
  }

  layout();
  var width = box.clientWidth, timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (box.clientWidth !== width) { width = box.clientWidth; layout(); }
    }, 150);
  });
  box.graph = cy;  // for the browser tests and the console
  box.dataset.ready = "true";  // tests wait for this
})();
