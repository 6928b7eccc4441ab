// The article body as a Markdown editor with a formatting toolbar and shortcuts: EasyMDE (a CodeMirror editor,
// shipped by the django-easymde package) over markdownx's textarea. The textarea stays the form's field and the
// page's shared state: every change is written back to it with an `input` event, which refreshes markdownx's
// preview (Folio's own renderer) and the local backup; text put into it from outside comes back into the editor.
(function () {
  "use strict";

  // EasyMDE's own fetches stay off: Font Awesome and spelling dictionaries come from CDNs, which the CSP refuses.
  // Its preview, side by side and full screen are the writing room's (folio-writing.js), so they are not offered.
  var SHORTCUTS = {
    toggleHeading2: "Cmd-Alt-2",
    toggleHeading3: "Cmd-Alt-3",
    toggleHeadingSmaller: null,
    toggleHeadingBigger: null,
    cleanBlock: null,
    togglePreview: null,
    toggleSideBySide: null,
    toggleFullScreen: null,
  };

  // A footnote: its reference at the cursor (after any selection) and its definition at the end of the body, for
  // the note to be written there. Numbered after the body's numbered footnotes; one change, so one undo.
  function insertFootnote(editor) {
    var cm = editor.codemirror;
    var text = cm.getValue();
    var number = 1;
    text.replace(/\[\^(\d+)\]/g, function (whole, digits) {
      number = Math.max(number, Number(digits) + 1);
      return whole;
    });
    var label = "[^" + number + "]";
    var lead = text.trim() === "" ? "" : /\n\n$/.test(text) ? "" : /\n$/.test(text) ? "\n" : "\n\n";
    cm.operation(function () {
      var at = cm.getCursor("to");
      var last = cm.lastLine();
      // The end first, so that the cursor's position still holds for the reference.
      cm.replaceRange(lead + label + ": ", { line: last, ch: cm.getLine(last).length });
      cm.replaceRange(label, at);
      last = cm.lastLine();
      cm.setCursor({ line: last, ch: cm.getLine(last).length });
    });
    cm.focus();
  }

  function toolbar(openImageDialog, openLinkDialog) {
    // The names EasyMDE knows ("drawLink", "drawImage") give a button its shortcut, which its title then shows.
    return [
      { name: "heading", action: EasyMDE.toggleHeading2, text: "H2", title: "Heading" },
      { name: "subheading", action: EasyMDE.toggleHeading3, text: "H3", title: "Subheading" },
      "|",
      { name: "bold", action: EasyMDE.toggleBold, text: "B", title: "Bold" },
      { name: "italic", action: EasyMDE.toggleItalic, text: "I", title: "Italic" },
      { name: "drawLink", action: openLinkDialog, text: "Link", title: "Link" },
      { name: "footnote", action: insertFootnote, text: "Note¹", title: "Footnote" },
      "|",
      { name: "quote", action: EasyMDE.toggleBlockquote, text: "“ ”", title: "Quote" },
      { name: "unordered-list", action: EasyMDE.toggleUnorderedList, text: "• List", title: "Bulleted list" },
      { name: "ordered-list", action: EasyMDE.toggleOrderedList, text: "1. List", title: "Numbered list" },
      { name: "code", action: EasyMDE.toggleCodeBlock, text: "</>", title: "Code" },
      "|",
      { name: "table", action: EasyMDE.drawTable, text: "Table", title: "Table" },
      { name: "drawImage", action: openImageDialog, text: "Image", title: "Image" },
      { name: "horizontal-rule", action: EasyMDE.drawHorizontalRule, text: "—", title: "Horizontal rule" },
    ];
  }

  // One tab stop for the whole toolbar, arrow keys between its buttons (the ARIA toolbar pattern): EasyMDE
  // takes its buttons out of the tab order.
  function makeReachable(bar, label) {
    var buttons = Array.prototype.slice.call(bar.querySelectorAll("button"));
    bar.setAttribute("aria-label", label);
    bar.querySelectorAll(".separator").forEach(function (separator) {
      separator.setAttribute("aria-hidden", "true");
    });
    buttons.forEach(function (button, index) {
      button.tabIndex = index === 0 ? 0 : -1;
    });
    bar.addEventListener("keydown", function (event) {
      var at = buttons.indexOf(document.activeElement);
      var moves = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 };
      if (at < 0 || !(event.key in moves)) {
        return;
      }
      event.preventDefault();
      var next = buttons[(moves[event.key] + buttons.length) % buttons.length];
      buttons[at].tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
    });
  }

  function setUp(container) {
    var body = container.querySelector("textarea.markdownx-editor");
    if (!body || typeof EasyMDE === "undefined") {
      return;
    }
    function openImageDialog() {
      body.dispatchEvent(new CustomEvent("folio:image-dialog", { bubbles: true }));
    }
    // The link dialog (folio-links.js) makes the link of the selected text; without it, EasyMDE's own template.
    function openLinkDialog(editor) {
      var asked = new CustomEvent("folio:link-dialog", {
        detail: { selected: editor.codemirror.getSelection() },
        bubbles: true,
        cancelable: true,
      });
      if (body.dispatchEvent(asked)) {
        EasyMDE.drawLink(editor);
      }
    }
    var editor = new EasyMDE({
      element: body,
      autoDownloadFontAwesome: false,
      spellChecker: false,
      // The browser's own spelling check, which needs CodeMirror's contenteditable input (better read by screen
      // readers too).
      inputStyle: "contenteditable",
      nativeSpellcheck: true,
      status: false,
      toolbar: toolbar(openImageDialog, openLinkDialog),
      shortcuts: SHORTCUTS,
      unorderedListStyle: "-",
      // A new line keeps the line above's indent in spaces: a tab would stand eight columns wide in a published
      // code block, beside lines indented with spaces.
      indentWithTabs: false,
      tabSize: 4,
    });
    var cm = editor.codemirror;
    var wrapper = cm.getWrapperElement();
    // Its height is the writing room's to set (folio-body-editor.css), phone or desktop.
    cm.getScrollerElement().style.minHeight = "";
    // The editor is a text box in a form, not an application that takes over a screen reader's keys.
    wrapper.parentElement.removeAttribute("role");

    var label = document.querySelector('label[for="' + body.id + '"]');
    var name = label ? label.textContent.replace(/:\s*$/, "").trim() : "Body";
    cm.setOption("screenReaderLabel", name);
    var input = cm.getInputField();
    if (input.isContentEditable) {
      input.setAttribute("role", "textbox");
      input.setAttribute("aria-multiline", "true");
    }
    if (body.hasAttribute("aria-describedby")) {
      input.setAttribute("aria-describedby", body.getAttribute("aria-describedby"));
    }
    if (label) {
      label.addEventListener("click", function (event) {
        event.preventDefault();
        cm.focus();
      });
    }
    makeReachable(editor.toolbar_div, "Formatting");

    // Tab indents a list item, as EasyMDE has it; elsewhere it moves on to the next field instead of typing a
    // tab, so that the keyboard is not trapped in the editor.
    function inList() {
      var state = cm.getStateAfter(cm.getCursor().line);
      return (state.base || state).list !== false; // the Markdown mode's state, under EasyMDE's overlay
    }
    cm.on("keydown", function (instance, event) {
      var plainTab = event.key === "Tab" && !event.ctrlKey && !event.altKey && !event.metaKey;
      if (plainTab && !inList()) {
        event.codemirrorIgnore = true;
      }
    });

    // Contract 1: the textarea always holds the text, and says so with a bubbling input event.
    var fromBody = false;
    cm.on("changes", function () {
      if (fromBody) {
        return;
      }
      body.value = cm.getValue();
      body.dispatchEvent(new Event("input", { bubbles: true }));
    });
    // Text set into the textarea by other scripts (the local backup's Restore, an insertion nobody handled).
    body.addEventListener("input", function () {
      if (body.value === cm.getValue()) {
        return;
      }
      fromBody = true;
      try {
        // As an edit, not a new document, so that it can be undone.
        cm.replaceRange(body.value, { line: cm.firstLine(), ch: 0 }, { line: cm.lastLine() });
      } finally {
        fromBody = false;
      }
    });

    // Contract 2: Markdown inserted at the writer's cursor, in place of any selection, as one change (one undo);
    // `block` makes it a paragraph of its own, and `cursor` is where in it the cursor is left (after it by default).
    body.addEventListener("folio:insert", function (event) {
      if (!event.detail || typeof event.detail.text !== "string") {
        return;
      }
      event.preventDefault();
      var text = event.detail.text;
      var cursor = typeof event.detail.cursor === "number" ? event.detail.cursor : text.length;
      var from = cm.getCursor("from");
      var placed = { text: text, cursor: text.length };
      if (event.detail.block) {
        var to = cm.getCursor("to");
        var before = cm.getRange({ line: Math.max(0, from.line - 2), ch: 0 }, from);
        var after = cm.getRange(to, { line: to.line + 2, ch: 0 });
        placed = window.Folio.asParagraph(before, after, text);
      }
      cm.operation(function () {
        cm.replaceSelection(placed.text);
        cm.setCursor(cm.posFromIndex(cm.indexFromPos(from) + placed.cursor - text.length + cursor));
      });
      cm.focus();
    });

    // Contract 4: image files dropped on the editor go to the image dialog (which takes them before this), never
    // into the text as CodeMirror would read a text file.
    cm.on("drop", function (instance, event) {
      if (event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files.length) {
        event.preventDefault();
      }
    });

    // CodeMirror measures itself when it starts; the writing room shows, hides and widens it (tabs, full screen).
    // Growing taller as lines are typed needs no new measure.
    if (typeof ResizeObserver !== "undefined") {
      var seen = { width: wrapper.offsetWidth, height: wrapper.offsetHeight };
      new ResizeObserver(function () {
        var now = { width: wrapper.offsetWidth, height: wrapper.offsetHeight };
        if (now.width !== seen.width || (now.height === 0) !== (seen.height === 0)) {
          cm.refresh();
        }
        seen = now;
      }).observe(wrapper);
    }
  }

  function start() {
    document.querySelectorAll(".change-form .field-body .markdownx").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
