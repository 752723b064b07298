/* The neighbourhood graph of a node page, drawn with the vendored cytoscape.js.
 * Data comes from the JSON block #graph-data (no inline script: the site's CSP);
 * a click on a node opens its page. Labels are set as data, never as HTML. */
(function () {
  "use strict";

  var source = document.getElementById("graph-data");
  var box = document.getElementById("graph");
  if (!source || !box || typeof cytoscape !== "function") { return; }
  var data = JSON.parse(source.textContent);
  var colours = { entity: "#0b5cad", claim: "#b7791f", event: "#2f855a", agreement: "#6b46c1",
                  article: "#4a5568", source: "#9b2c2c", post: "#2c7a7b", proposition: "#975a16" };

  function short(text) { return text.length > 30 ? text.slice(0, 28) + "…" : text; }

  /* Claims are many and long: they are drawn unlabelled, and named when hovered. */
  var elements = data.nodes.map(function (node) {
    var quiet = node.kind === "claim" && !node.center;
    return { data: { id: node.id, label: quiet ? "" : short(node.label), full: node.label,
                     href: node.href, colour: colours[node.kind] || "#718096",
                     center: node.center ? 1 : 0, shape: quiet ? "round-rectangle" : "ellipse" } };
  }).concat(data.edges.map(function (edge, i) {
    return { data: { id: "e" + i, source: edge.source, target: edge.target, label: edge.label } };
  }));

  var cy = cytoscape({
    container: box,
    elements: elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", "label": "data(label)",
        "shape": "data(shape)", "font-size": 11, "color": "#1d232a", "text-valign": "bottom",
        "text-margin-y": 3, "width": 14, "height": 14, "text-wrap": "wrap", "text-max-width": 120,
        "text-background-color": "#f7f8fa", "text-background-opacity": 0.85 } },
      { selector: "node.hover", style: { "label": "data(full)", "z-index": 10, "font-weight": "bold" } },
      { selector: "node[center = 1]", style: { "width": 24, "height": 24, "font-weight": "bold",
        "border-width": 3, "border-color": "#1d232a" } },
      { selector: "edge", style: { "width": 1, "line-color": "#cbd2d9", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "target-arrow-color": "#cbd2d9", "arrow-scale": 0.7,
        "font-size": 8, "color": "#3d4852", "text-rotation": "autorotate",
        "text-background-color": "#fff", "text-background-opacity": 0.9 } },
      { selector: "edge.hover", style: { "label": "data(label)", "line-color": "#0b5cad",
        "target-arrow-color": "#0b5cad", "width": 2, "z-index": 9 } },
    ],
    /* Rings: the node itself, then who and what it is linked to, then the claims. */
    layout: { name: "concentric", animate: false, padding: 24, minNodeSpacing: 38,
              concentric: function (node) {
                return node.data("center") ? 3 : (node.data("shape") === "ellipse" ? 2 : 1);
              },
              levelWidth: function () { return 1; } },
  });

  cy.on("tap", "node", function (event) {
    var href = event.target.data("href");
    if (href) { window.location.assign(href); }
  });
  /* Hovering a node names it (claims too) and labels its links. */
  cy.on("mouseover", "node", function (event) {
    event.target.addClass("hover");
    event.target.connectedEdges().addClass("hover");
  });
  cy.on("mouseout", "node", function (event) {
    event.target.removeClass("hover");
    event.target.connectedEdges().removeClass("hover");
  });
  box.dataset.ready = "true";  // tests wait for this
})();
