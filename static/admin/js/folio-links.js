// The link dialog: the toolbar's Link (Ctrl+K) asks for an address, or words from the title of one of the site's
// articles, which it then offers (articles/link_search.py), all but the one being written; the choice goes in as a
// link on the selected text.
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
  // What the dialog takes for an address rather than words to look for, text without spaces that
  // - has a scheme: https://, http:// (any name://), mailto: or tel:;
  // - is on this site: starts with /, #, ?, ./ or ../;
  // - starts with www.; or
  // - is a bare domain, perhaps with a port and a path (example.com/notes), whose last label is a real top-level
  //   domain, and which is no file's name: README.md, setup.py and notes.zip end in extensions that are top-level
  //   domains too, and are looked for like other words, as node.js (no such domain) is.
  // A domain without its scheme is linked over https, as the admin's address fields read one.
  var SCHEME = /^(?:[a-z][a-z0-9+.\-]*:\/\/|mailto:|tel:)/i;
  var ON_THIS_SITE = /^(?:[\/#?]|\.\.?\/)/;
  var DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?\.)+(\p{L}{2,})(?::\d{1,5})?(?:[\/?#]\S*)?$/u;
  // Every country's two letters, as the root zone has them (with .uk, .eu and .ac), and the generic domains most
  // linked to; an address on a rarer one (.photography) is typed with its scheme.
  var TOP_LEVEL_DOMAINS = new Set(
    (
      "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz " +
      "ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm " +
      "fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is " +
      "it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm " +
      "mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr " +
      "ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg " +
      "th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw " +
      "com org net edu gov mil int info biz name pro aero asia cat coop jobs mobi museum post tel travel xxx " +
      "app dev page blog shop store site online website tech xyz cloud design news media art club live life " +
      "world today email link wiki zip mov social studio space agency academy audio video games fun top"
    ).split(" ")
  );
  // Endings of files' names that are top-level domains too: README.md is a file; a domain on one of them is typed
  // with its https://.
  var FILE_EXTENSIONS = new Set("md py sh rs pl pm cc ps ml mk tf zip mov".split(" "));

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
      state.query = null;
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

  // What is typed, as an address to link to (a domain with https:// in front), or "" for words to look for.
  function addressIn(text) {
    if (!text || /\s/.test(text)) {
      return "";
    }
    if (SCHEME.test(text) || ON_THIS_SITE.test(text)) {
      return text;
    }
    if (/^www\.\S/i.test(text)) {
      return "https://" + text;
    }
    var domain = DOMAIN.exec(text);
    var ending = domain ? domain[1].toLowerCase() : "";
    return TOP_LEVEL_DOMAINS.has(ending) && !FILE_EXTENSIONS.has(ending) ? "https://" + text : "";
  }
  window.Folio.linkAddress = addressIn;

  // An address as typed, with nothing of it to look for in titles (a domain's words may be in one).
  function linkedAsTyped(text) {
    return addressIn(text) === text && text !== "";
  }

  // The articles.

  function search(then) {
    var query = parts.target.value.replace(/\s+/g, " ").trim();
    var textarea = state.textarea;
    var url = textarea && textarea.dataset.linkSearchUrl;
    var ticket = (state.ticket = (state.ticket || 0) + 1);
    if (!url || !query || linkedAsTyped(query)) {
      show([], query);
      if (then) {
        then();
      }
      return;
    }
    var params = { q: query };
    if (textarea.dataset.linkExclude) {
      params.exclude = textarea.dataset.linkExclude; // the article being written: no link to itself
    }
    parts.status.textContent = "Looking for articles…";
    window.Folio.getJson(url, params)
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
    if (!query || linkedAsTyped(query)) {
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
    } else if (SCHEME.test(typed)) {
      // No title is looked for by its scheme: this is an address broken by a space (pasted from a wrapped line).
      showError("An address has no spaces: take the space out of “" + typed + "”, or write it as %20.");
    } else if (typed !== state.query) {
      search(confirm); // Enter before the search had answered: link the newest article it finds
    } else {
      showError("No article's title holds “" + typed + "”: type other words, or an address such as /about/.");
    }
  }

  function choose(index) {
    var article = state.found[index];
    finish("[" + (state.selected || window.Folio.markdownText(article.title)) + "](" + article.url + ")");
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
