// Names for the admin's own widgets that come without one, so that a screen reader can say what each is:
// select2's autocomplete boxes (author, call to action, tags) take their field's label. And a refused form's
// error summary, whose links reach each field refused.
(function () {
  "use strict";

  function nameComboboxes() {
    document.querySelectorAll(".form-row select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      if (!label) {
        return;
      }
      var name = label.textContent.replace(/:\s*$/, "").trim();
      // The box, the text showing the choice, and a multiple choice's search field each need the name.
      var parts = '.select2-selection[role="combobox"], .select2-selection__rendered, .select2-search__field';
      select.parentElement.querySelectorAll(parts).forEach(function (part) {
        part.setAttribute("aria-label", name);
      });
    });
  }

  // The error summary above a refused form takes the focus, so that a screen reader reads it first; each of its
  // links goes to its field, or, for one the page shows through another widget (the body's editor, the tags'
  // box), to the first thing in its row that takes the keyboard.
  function startErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) {
        return;
      }
      event.preventDefault();
      var row = field.closest(".form-row") || field;
      var target = field.offsetParent
        ? field
        : row.querySelector(".CodeMirror textarea, .select2-search__field, .select2-selection, input, textarea, select");
      row.scrollIntoView({ block: "start" });
      if (target) {
        target.focus({ preventScroll: true });
        // After the text to correct, as a click at its end would put the cursor.
        if (/^(text|search|url|textarea)$/.test(target.type) && target.value) {
          target.setSelectionRange(target.value.length, target.value.length);
        }
      }
    });
  }

  // Django starts select2 when jQuery says the document is ready, which may come before or after this script's
  // own start: name the boxes whenever select2 adds one.
  function start() {
    startErrorSummary();
    nameComboboxes();
    new MutationObserver(nameComboboxes).observe(document.querySelector("#content") || document.body, {
      childList: true,
      subtree: true,
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
