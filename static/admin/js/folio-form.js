// Names for the admin's own widgets that come without one, so that a screen reader can say what each is:
// select2's autocomplete boxes (author, call to action, tags) take their field's label.
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

  // Django starts select2 when jQuery says the document is ready, which may come before or after this script's
  // own start: name the boxes whenever select2 adds one.
  function start() {
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
