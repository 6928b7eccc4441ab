// The article form's tags box takes new names as well as existing tags, and the call to action written in place
// shows itself when it holds something.
//
// Django's autocomplete.js makes each box when the document is ready; this file is loaded after it (the tags
// widget's own media), so its own ready handler comes later and remakes the tags box with select2's tags mode.
// A typed name is posted with the widget's prefix ("new:Name"), so a new tag called "12" is never read as the
// tag whose id is 12; the server matches it to an existing tag, whatever its capitals, or makes it on save.
(function () {
  "use strict";

  var $ = window.django && window.django.jQuery;
  if (!$) {
    return;
  }

  function takeNewNames(select) {
    var prefix = select.dataset.newTagPrefix;
    $(select).select2({
      ajax: {
        data: function (params) {
          return {
            term: params.term,
            page: params.page,
            app_label: select.dataset.appLabel,
            model_name: select.dataset.modelName,
            field_name: select.dataset.fieldName,
          };
        },
      },
      tags: true,
      tokenSeparators: [","],
      createTag: function (params) {
        var name = (params.term || "").replace(/\s+/g, " ").trim();
        return name ? { id: prefix + name, text: name, isNew: true } : null;
      },
      templateResult: function (item) {
        return item.isNew ? "New tag: " + item.text : item.text;
      },
    });
  }

  // After a mistake elsewhere in the form, the call to action being written stays in view, not folded away.
  function openWrittenCallToAction() {
    var text = document.getElementById("id_cta_text");
    var details = text && text.closest("details");
    if (!details) {
      return;
    }
    var fields = details.querySelectorAll("input, textarea");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value.trim()) {
        details.open = true;
        return;
      }
    }
  }

  $(function () {
    $("select[data-new-tag-prefix]")
      .not("[name*=__prefix__]")
      .each(function () {
        takeNewNames(this);
      });
    openWrittenCallToAction();
  });
})();
