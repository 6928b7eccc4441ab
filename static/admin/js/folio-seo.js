// How long the title and description may be, and how they will look in a search result.
(function () {
  "use strict";

  var LIMITS = { id_title: 60, id_description: 160 };

  function clip(text, limit) {
    text = text.trim().replace(/\s+/g, " ");
    return text.length > limit ? text.slice(0, limit - 1).trimEnd() + "…" : text;
  }

  function counterFor(input, limit) {
    var counter = document.createElement("span");
    counter.className = "folio-count";
    counter.id = input.id + "_count";
    counter.setAttribute("aria-live", "polite");
    var anchor = input.closest(".flex-container") || input;
    anchor.insertAdjacentElement("afterend", counter);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    return function () {
      var length = input.value.trim().length;
      counter.textContent = length + " of " + limit + " characters recommended" + (length > limit ? ": search engines will cut it." : ".");
      counter.classList.toggle("is-over", length > limit);
    };
  }

  function element(tag, className) {
    var node = document.createElement(tag);
    node.className = className;
    return node;
  }

  function start() {
    var title = document.getElementById("id_title");
    var description = document.getElementById("id_description");
    var slug = document.getElementById("id_slug");
    if (!title || !description) {
      return;
    }
    var updates = [counterFor(title, LIMITS.id_title), counterFor(description, LIMITS.id_description)];

    var preview = element("div", "folio-serp");
    preview.setAttribute("aria-label", "Search result preview");
    var label = element("p", "folio-serp-label");
    label.textContent = "In a search result";
    var url = element("p", "folio-serp-url");
    var heading = element("p", "folio-serp-title");
    var summary = element("p", "folio-serp-description");
    // As their boxes show them: right to left when they start in Arabic or Hebrew.
    heading.dir = "auto";
    summary.dir = "auto";
    [label, url, heading, summary].forEach(function (node) {
      preview.appendChild(node);
    });
    var row = description.closest(".form-row") || description;
    row.insertAdjacentElement("beforeend", preview);

    updates.push(function () {
      var address = window.location.origin + "/articles/" + (slug && slug.value ? slug.value : "…") + "/";
      url.textContent = address;
      heading.textContent = clip(title.value, LIMITS.id_title) || "The article's title";
      summary.textContent = clip(description.value, LIMITS.id_description) || "The description appears here.";
    });

    function refresh() {
      updates.forEach(function (update) {
        update();
      });
    }
    [title, description, slug].forEach(function (input) {
      if (input) {
        input.addEventListener("input", refresh);
        input.addEventListener("change", refresh);
      }
    });
    refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
