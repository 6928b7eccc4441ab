// The link dialog: the toolbar's Link (Ctrl+K) asks for an address, or words from the title of one of the site's
// articles, which it then offers (articles/link_search.py); the choice goes in as a link on the selected text.
// An article's link is its address on the site, relative, so that it survives a change of domain.
(function () {
  "use strict";

  var SKELETON =
    '<form class="folio-link-form" novalidate>' +
    '<h2 id="folio-link-title">Insert a link</h2>' +
    '<label for="folio-link-target">Address or article</label>' +
    '<input type="text" id="folio-link-target" role="combobox" autocomplete="off" spellcheck="false"' +
    ' aria-autocomplete="list" aria-expanded="false" aria-controls="folio-link-results"' +
    ' aria-describedby="folio-link-hint folio-link-error">' +
    '<p class="help" id="folio-link-hint">An address (https://…, /about/, #notes), or words from the title of one' +
    " of this site's articles to choose it with the arrow keys.</p>" +
    '<p class="folio-link-status" role="status"></p>' +
    '<ul class="folio-link-results" id="folio-link-results" role="listbox" aria-label="Articles"></ul>' +
    '<p class="folio-image-error" id="folio-link-error" role="alert"></p>' +
    '<div class="folio-image-actions">' +
    '<button type="submit" class="button default">Insert link</button>' +
    '<button type="button" class="button folio-link-cancel">Cancel</button>' +
    "</div>" +
    "</form>";
  // An address as typed: with a scheme (https:, mailto:), or a path, fragment or query on this site.
  var ADDRESS = /^(?:[a-z][a-z0-9+.\-]*:|[\/#?]|\.\.?\/)/i;
  // A domain without its scheme (example.com/notes), read as https as the admin's address fields read one.
  var DOMAIN = /^(?:[\p{L}\p{N}\-]+\.)+\p{L}{2,}(?::\d+)?(?:[\/?#]\S*)?$/u;

  var dialog = null;
  var parts = {};
  var state = {};

  function build() {
    dialog = window.Folio.makeDialog("folio-link-dialog", "folio-link-title", SKELETON);
    var find = dialog.querySelector.bind(dialog);
    parts = {
      form: find("form"),
      target: find("#folio-link-target"),
      status: find(".folio-link-status"),
      results: find("#folio-link-results"),
      error: find("#folio-link-error"),
    };
    var searching = null;
    parts.target.addEventListener("input", function () {
      showError("");
      clearTimeout(searching);
      // The articles shown were for other words: Enter waits for the search of these.
      state.found = [];
      setActive(-1);
      searching = setTimeout(search, 200);
    });
    parts.target.addEventListener("keydown", onKey);
    // A click chooses; pressing keeps the focus in the box, where the keyboard carries on.
    parts.results.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    parts.results.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option && state.found[Number(option.dataset.index)]) {
        choose(Number(option.dataset.index));
      }
    });
    parts.form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(searching);
      confirm();
    });
    find(".folio-link-cancel").addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("close", function () {
      clearTimeout(searching);
      var back = state.returnTo;
      state = {};
      if (back && back.isConnected && document.activeElement !== back) {
        back.focus();
      }
    });
  }

  function showError(message) {
    parts.error.textContent = message;
    parts.error.hidden = !message;
    if (message) {
      parts.target.setAttribute("aria-invalid", "true");
    } else {
      parts.target.removeAttribute("aria-invalid");
    }
  }

  // What is typed, as an address to link to, or "" for words to look for.
  function addressIn(text) {
    if (!text || /\s/.test(text)) {
      return "";
    }
    if (ADDRESS.test(text)) {
      return text;
    }
    return DOMAIN.test(text) ? "https://" + text : "";
  }

  // The articles.

  function search(then) {
    var query = parts.target.value.replace(/\s+/g, " ").trim();
    var url = state.textarea && state.textarea.dataset.linkSearchUrl;
    var ticket = (state.ticket = (state.ticket || 0) + 1);
    if (!url || !query || ADDRESS.test(query)) {
      show([], query);
      if (then) {
        then();
      }
      return;
    }
    parts.status.textContent = "Looking for articles…";
    window.Folio.getJson(url, { q: query })
      .then(function (found) {
        if (ticket === state.ticket) {
          show(found.articles, query);
          if (then) {
            then();
          }
        }
      })
      .catch(function (error) {
        if (ticket === state.ticket) {
          show([], "");
          parts.status.textContent = "The articles could not be looked up (" + error.message + ").";
        }
      });
  }

  function show(articles, query) {
    state.found = articles;
    state.query = query;
    parts.results.replaceChildren();
    articles.forEach(function (article, index) {
      var option = document.createElement("li");
      option.id = "folio-link-option-" + index;
      option.dataset.index = String(index);
      option.setAttribute("role", "option");
      option.className = article.state === "published" ? "" : "is-unpublished";
      var title = document.createElement("span");
      title.className = "folio-link-name";
      title.textContent = article.title;
      var note = document.createElement("span");
      note.className = "folio-link-note";
      note.textContent = article.note;
      option.append(title, note);
      parts.results.appendChild(option);
    });
    parts.target.setAttribute("aria-expanded", String(articles.length > 0));
    // Words choose the newest article unless the arrows choose another; an address is linked as typed.
    setActive(articles.length && !addressIn(query) ? 0 : -1);
    if (!query || ADDRESS.test(query)) {
      parts.status.textContent = "";
    } else if (!articles.length) {
      parts.status.textContent = "No article's title holds “" + query + "”.";
    } else {
      parts.status.textContent =
        (articles.length === 1 ? "1 article" : articles.length + " articles") +
        " for “" +
        query +
        "”" +
        (state.active >= 0 ? ": " + describe(articles[0]) + ". Enter links to it; the arrows choose another." : ".");
    }
  }

  function describe(article) {
    return article.title + ", " + article.note;
  }

  function setActive(index) {
    state.active = index;
    Array.prototype.forEach.call(parts.results.children, function (option, at) {
      option.setAttribute("aria-selected", String(at === index));
    });
    var option = parts.results.children[index];
    if (option) {
      parts.target.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      parts.target.removeAttribute("aria-activedescendant");
    }
  }

  function onKey(event) {
    var count = state.found ? state.found.length : 0;
    if ((event.key !== "ArrowDown" && event.key !== "ArrowUp") || !count) {
      return;
    }
    event.preventDefault();
    var step = event.key === "ArrowDown" ? 1 : -1;
    var from = state.active < 0 && step < 0 ? 0 : state.active;
    setActive((from + step + count) % count);
  }

  // Opening and inserting.

  function open(options) {
    if (!dialog) {
      build();
    }
    if (dialog.open) {
      return;
    }
    var textarea = options.textarea;
    var selection = [textarea.selectionStart, textarea.selectionEnd];
    state = {
      textarea: textarea,
      // Where the writer was in a bare textarea: focus moving in and out of the dialog must not move it.
      selection: selection,
      selected:
        typeof options.selected === "string" ? options.selected : textarea.value.slice(selection[0], selection[1]),
      returnTo: options.returnTo,
      found: [],
      active: -1,
    };
    parts.form.reset();
    parts.target.setAttribute("aria-expanded", "false");
    parts.target.removeAttribute("aria-activedescendant");
    parts.results.replaceChildren();
    parts.status.textContent = "";
    showError("");
    dialog.showModal();
    parts.target.focus();
  }

  function confirm() {
    var typed = parts.target.value.replace(/\s+/g, " ").trim();
    var article = state.found[state.active];
    if (article && typed === state.query) {
      choose(state.active);
      return;
    }
    var address = addressIn(typed);
    if (address) {
      // No text selected: the cursor waits between the brackets for the link's words.
      var text = state.selected;
      finish("[" + text + "](" + window.Folio.markdownAddress(address) + ")", text ? null : 1);
    } else if (!typed) {
      showError("Type an address, or words from the title of the article to link to.");
    } else if (typed !== state.query) {
      search(confirm); // Enter before the search had answered: link the newest article it finds
    } else {
      showError("No article's title holds “" + typed + "”: type other words, or an address such as /about/.");
    }
  }

  function choose(index) {
    var article = state.found[index];
    finish("[" + (state.selected || escapeTitle(article.title)) + "](" + article.url + ")");
  }

  // A title is plain text: its Markdown signs stay signs.
  function escapeTitle(title) {
    return title.replace(/([\\`*_\[\]<])/g, "\\$1");
  }

  // `cursor`: where in the Markdown the cursor is left, when not after it.
  function finish(markdown, cursor) {
    var textarea = state.textarea;
    var selection = state.selection;
    state.returnTo = null; // the editor takes the focus back, at the link
    dialog.close();
    window.Folio.insertMarkdown(textarea, markdown, { selection: selection, cursor: cursor });
  }

  document.addEventListener("folio:link-dialog", function (event) {
    var container = event.target.closest && event.target.closest(".markdownx");
    var textarea = container ? container.querySelector("textarea.markdownx-editor") : event.target;
    if (textarea && textarea.tagName === "TEXTAREA") {
      event.preventDefault();
      open({
        textarea: textarea,
        selected: event.detail && event.detail.selected,
        returnTo: document.activeElement,
      });
    }
  });
})();
