/* The article view: the span named in the address (#claim-c01) is highlighted in all its pieces
 * and scrolled to the middle of the screen; a click on highlighted text lists every annotation
 * covering that place, with links, in a panel that is always in view (a bottom sheet on a phone);
 * the legend shows all highlights, one kind only, or none. Text is set with textContent. */
(function () {
  "use strict";

  var text = document.getElementById("article-text");
  if (!text) { return; }

  function pieces(key) {
    return Array.prototype.filter.call(text.querySelectorAll("[data-key]"), function (el) {
      return el.dataset.key === key;
    });
  }

  function showTarget() {
    text.querySelectorAll(".is-target").forEach(function (el) { el.classList.remove("is-target"); });
    var key = decodeURIComponent(window.location.hash.slice(1));
    var found = key ? pieces(key) : [];
    found.forEach(function (el) { el.classList.add("is-target"); });
    if (found.length) { found[0].scrollIntoView({ block: "center" }); }
    document.querySelectorAll(".claim-list li.is-current").forEach(function (li) {
      li.classList.remove("is-current");
    });
    var side = key && document.getElementById("side-" + key);
    if (side) { side.classList.add("is-current"); }
  }

  function describe(el) {
    var item = document.createElement("li");
    var kind = document.createElement("span");
    kind.className = "badge kind-" + el.dataset.kind;
    kind.textContent = el.dataset.kind;
    item.appendChild(kind);
    var nodes = JSON.parse(el.dataset.nodes || "[]");
    if (!nodes.length) { item.appendChild(document.createTextNode(" " + el.title)); }
    nodes.forEach(function (node) {
      item.appendChild(document.createTextNode(" "));
      var link = document.createElement(node.href ? "a" : "span");
      if (node.href) { link.href = node.href; }
      link.textContent = node.label;
      item.appendChild(link);
    });
    return item;
  }

  text.addEventListener("click", function (event) {
    var el = event.target.closest("[data-key]");
    if (!el || event.target.closest("a")) { return; }
    var list = document.getElementById("selection-list");
    list.textContent = "";
    for (; el && el !== text; el = el.parentElement) {
      if (el.dataset.key) { list.appendChild(describe(el)); }
    }
    var panel = document.getElementById("selection");
    panel.hidden = false;
    panel.scrollIntoView({ block: "nearest" });  // on a wide screen the side column may be scrolled
  });

  document.querySelector("#selection .sheet-close").addEventListener("click", function () {
    document.getElementById("selection").hidden = true;
  });

  var radios = document.querySelectorAll("#legend input[name=show]");
  radios.forEach(function (radio) {
    radio.addEventListener("change", function () {
      radios.forEach(function (other) {
        if (other.value !== "all" && other.value !== "none") {
          text.classList.toggle("hide-" + other.value, radio.value !== "all" && radio.value !== other.value);
        }
      });
    });
  });

  window.addEventListener("hashchange", showTarget);
  showTarget();
  /* The browser jumps to the anchor itself once the page has loaded, with the span at the very
   * top: centre it again after that jump. */
  window.addEventListener("load", function () { window.requestAnimationFrame(showTarget); });
})();
