// The writing room around the article body: the editor and its live preview side by side on a wide screen,
// a Write / Preview switch on a narrow one, a full-screen mode, and the word count and read time as you type.
(function () {
  "use strict";

  // Markdown that must stand as a paragraph of its own (an image, a figure), with just the blank lines it needs
  // around it given the text before and after the cursor. Shared by the body editor and the image dialog.
  window.Folio = window.Folio || {};
  window.Folio.asParagraph = function (before, after, markdown) {
    var lead = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    var trail = after === "" || /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
    return { text: lead + markdown + trail, cursor: lead.length + markdown.length };
  };

  // An address as Markdown takes it in a link or an image: spaces, angle brackets and a parenthesis would end it
  // early. encodeURIComponent leaves parentheses as they are.
  window.Folio.markdownAddress = function (url) {
    return url.replace(/[\s()<>]/g, function (sign) {
      return { "(": "%28", ")": "%29" }[sign] || encodeURIComponent(sign);
    });
  };

  // Plain text (an article's title as a link's words, an image's alt text) as Markdown shows it: its signs stay
  // signs, so `*old*` is not taken for emphasis and a bracket does not end the link or the image early.
  window.Folio.markdownText = function (text) {
    return text.replace(/([\\`*_\[\]<])/g, "\\$1");
  };

  // A dialog of the writing room (image, link), built once from its HTML and named by its heading.
  window.Folio.makeDialog = function (className, titleId, html) {
    var dialog = document.createElement("dialog");
    dialog.className = className;
    dialog.setAttribute("aria-labelledby", titleId);
    dialog.innerHTML = html;
    document.body.appendChild(dialog);
    return dialog;
  };

  // What one of the editor's JSON endpoints (articles/editor.py) answers to a GET with `params`.
  window.Folio.getJson = function (url, params) {
    return fetch(url + "?" + new URLSearchParams(params), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("the server answered " + response.status);
      }
      return response.json();
    });
  };

  // Markdown put in at the writer's cursor, for the dialogs (image, link). An editor that shows the body (EasyMDE)
  // takes it at its own cursor; a bare textarea at `options.selection`, where it was before a dialog took the
  // focus. `options.block` makes it a paragraph of its own; `options.cursor` is where in the Markdown the cursor
  // is left (after it unless given).
  window.Folio.insertMarkdown = function (textarea, markdown, options) {
    var block = Boolean(options.block);
    var cursor = typeof options.cursor === "number" ? options.cursor : markdown.length;
    var event = new CustomEvent("folio:insert", {
      detail: { text: markdown, block: block, cursor: cursor },
      cancelable: true,
      bubbles: true,
    });
    if (!textarea.dispatchEvent(event)) {
      return;
    }
    var selection = options.selection || [textarea.selectionStart, textarea.selectionEnd];
    var start = Math.min(selection[0], textarea.value.length);
    var end = Math.min(selection[1], textarea.value.length);
    var placed = block
      ? window.Folio.asParagraph(textarea.value.slice(0, start), textarea.value.slice(end), markdown)
      : { text: markdown, cursor: markdown.length };
    var text = placed.text;
    textarea.focus();
    textarea.setSelectionRange(start, end);
    // execCommand keeps the browser's undo history; where it cannot run (a hidden textarea), set the text.
    if (!document.execCommand("insertText", false, text) || textarea.value.slice(start, start + text.length) !== text) {
      textarea.setRangeText(text, start, end, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    var at = start + placed.cursor - markdown.length + cursor;
    textarea.setSelectionRange(at, at);
  };

  // Mirror articles/rendering.py: words in the rendered text, 238 a minute, 12 seconds an image.
  var WORDS_PER_MINUTE = 238;
  var SECONDS_PER_IMAGE = 12;
  var WORD = /[\p{L}\p{N}_]+(?:['’.\-][\p{L}\p{N}_]+)*/gu;

  function figures(preview) {
    var words = (preview.textContent.match(WORD) || []).length;
    var images = preview.querySelectorAll("img").length;
    var seconds = (words / WORDS_PER_MINUTE) * 60 + images * SECONDS_PER_IMAGE;
    return { words: words, minutes: Math.floor(seconds / 60 + 0.5) };
  }

  // Mirror read_time_label (articles/rendering.py): no read time for no words, "less than 1" for a few.
  function readTimeLabel(found) {
    if (found.minutes >= 1) {
      return found.minutes + " min read";
    }
    return found.words ? "Less than 1 min read" : "";
  }

  function button(label, className) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button " + className;
    element.textContent = label;
    return element;
  }

  function setUp(container) {
    var editor = container.querySelector(".markdownx-editor");
    var preview = container.querySelector(".markdownx-preview");
    if (!editor || !preview) {
      return;
    }
    container.classList.add("folio-writing");
    preview.id = preview.id || editor.id + "_preview";
    preview.setAttribute("aria-label", "Preview");
    preview.setAttribute("tabindex", "0");

    var bar = document.createElement("div");
    bar.className = "folio-writing-bar";
    var write = button("Write", "folio-tab");
    var show = button("Preview", "folio-tab");
    write.setAttribute("aria-controls", editor.id);
    show.setAttribute("aria-controls", preview.id);
    var full = button("Full screen", "folio-full");
    full.setAttribute("aria-pressed", "false");
    var count = document.createElement("output");
    count.className = "folio-live-count";
    count.setAttribute("aria-live", "polite");
    count.htmlFor = editor.id;
    bar.append(write, show, count, full);
    container.insertAdjacentElement("afterbegin", bar);

    function choose(tab) {
      container.classList.toggle("is-previewing", tab === "preview");
      write.setAttribute("aria-pressed", String(tab === "write"));
      show.setAttribute("aria-pressed", String(tab === "preview"));
    }
    // The textarea, or the CodeMirror editor shown in its place (folio-body-editor.js).
    function focusEditor() {
      var shown = container.querySelector(".CodeMirror");
      (shown && shown.CodeMirror ? shown.CodeMirror : editor).focus();
    }
    write.addEventListener("click", function () {
      choose("write");
      focusEditor();
    });
    show.addEventListener("click", function () {
      choose("preview");
    });
    choose("write");

    function setFull(on) {
      container.classList.toggle("is-full-screen", on);
      document.documentElement.classList.toggle("folio-full-screen", on);
      full.setAttribute("aria-pressed", String(on));
      full.textContent = on ? "Leave full screen" : "Full screen";
    }
    full.addEventListener("click", function () {
      setFull(!container.classList.contains("is-full-screen"));
      focusEditor();
    });
    document.addEventListener("keydown", function (event) {
      // Escape in a dialog over the full screen (image, link) closes the dialog alone.
      var inDialog = event.target.closest && event.target.closest("dialog");
      if (event.key === "Escape" && container.classList.contains("is-full-screen") && !inDialog) {
        setFull(false);
      }
      // Ctrl+S or Cmd+S saves and stays on the form, as writers expect of an editor.
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        var stay = document.querySelector('input[name="_continue"]');
        if (stay) {
          event.preventDefault();
          stay.click();
        }
      }
    });

    // The preview follows the editor: the same share of each scrolled. Scroll events do not bubble; catching them
    // on the way down hears whichever element scrolls the text (the textarea, or the editor's scroller).
    container.addEventListener(
      "scroll",
      function (event) {
        var source = event.target;
        if (!(source instanceof Element) || preview.contains(source)) {
          return;
        }
        var range = source.scrollHeight - source.clientHeight;
        var share = range > 0 ? source.scrollTop / range : 0;
        preview.scrollTop = share * (preview.scrollHeight - preview.clientHeight);
      },
      true
    );

    // markdownx replaces the preview's HTML after each pause in typing.
    var readTime = document.getElementById("id_read_time");
    function recount() {
      var found = figures(preview);
      var label = readTimeLabel(found);
      var words = found.words.toLocaleString("en") + (found.words === 1 ? " word" : " words");
      count.textContent = label ? words + " · " + label.charAt(0).toLowerCase() + label.slice(1) : words;
      if (readTime) {
        // What an empty read time will be: the text's own.
        readTime.placeholder = label ? label + ", from the text" : "From the text, once it has some";
      }
    }
    new MutationObserver(recount).observe(preview, { childList: true, subtree: true });
    recount();
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
