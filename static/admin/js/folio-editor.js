// Show why the Markdown editor refused an image, instead of markdownx's "Invalid response" placeholder.
(function () {
  "use strict";

  var PLACEHOLDER = "Invalid response"; // markdownx.js XHR_RESPONSE_ERROR

  function messageFrom(detail) {
    var response = Array.isArray(detail) ? detail[0] : detail;
    if (typeof response === "string") {
      try {
        response = JSON.parse(response);
      } catch (error) {
        response = null;
      }
    }
    var errors = response && response.image;
    if (Array.isArray(errors) && errors.length) {
      return errors.join(" ");
    }
    return "The image could not be uploaded. Try again, or use a JPEG, PNG, GIF or WebP file.";
  }

  function alertAfter(parent) {
    var box = parent.nextElementSibling;
    if (!box || !box.classList.contains("folio-upload-error")) {
      box = document.createElement("p");
      box.className = "folio-upload-error errornote";
      box.setAttribute("role", "alert");
      parent.insertAdjacentElement("afterend", box);
    }
    return box;
  }

  // Undo markdownx's insertion of its placeholder, which also replaced any selected text.
  function restoreAfterPlaceholder(editor) {
    var before = editor.value;
    var start = editor.selectionStart;
    var end = editor.selectionEnd;
    setTimeout(function () {
      if (editor.value !== before.slice(0, start) + PLACEHOLDER + before.slice(end)) {
        return;
      }
      editor.value = before;
      editor.setSelectionRange(start, end);
      editor.dispatchEvent(new Event("input")); // refresh the live preview
    }, 0);
  }

  function isEditor(element) {
    return element && element.classList && element.classList.contains("markdownx");
  }

  function onUploadError(event) {
    var parent = event.target;
    if (!isEditor(parent)) {
      return;
    }
    alertAfter(parent).textContent = messageFrom(event.detail);
    var editor = parent.querySelector(".markdownx-editor");
    // markdownx inserts the placeholder just after firing this event, in the same task.
    if (editor) {
      restoreAfterPlaceholder(editor);
    }
  }

  function onUploadEnd(event) {
    var parent = event.target;
    var box = isEditor(parent) && parent.nextElementSibling;
    if (box && box.classList.contains("folio-upload-error")) {
      box.remove();
    }
  }

  // markdownx's events do not bubble; listening while capturing reaches every editor on the page.
  document.addEventListener("markdownx.fileUploadError", onUploadError, true);
  document.addEventListener("fileUploadError", onUploadError, true); // markdownx's name on network failure
  document.addEventListener("markdownx.fileUploadEnd", onUploadEnd, true);
})();
