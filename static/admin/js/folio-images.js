// The image dialog: upload a file or pick one from the site's media library, give it alt text (required) and
// a caption, and insert its Markdown at the writer's cursor. Pasted and dropped files come here too, and the
// same dialog chooses the hero image from the library.
(function () {
  "use strict";

  var ALT_HINT = "Describe what the image shows for someone who cannot see it; leave out “image of”.";
  // As much alt text as the library and a hero image keep (StoredImage.alt_text, Article.hero_image_alt). Not a
  // maxlength, which would cut pasted text without a word: a longer one is refused, saying by how much.
  var ALT_MAX = 300;
  var SKELETON =
    '<form class="folio-image-form" novalidate>' +
    '<h2 id="folio-image-title"></h2>' +
    '<div class="folio-image-tabs" role="tablist" aria-labelledby="folio-image-title">' +
    '<button type="button" role="tab" id="folio-image-tab-upload" aria-controls="folio-image-upload">Upload</button>' +
    '<button type="button" role="tab" id="folio-image-tab-library" aria-controls="folio-image-library">Library</button>' +
    "</div>" +
    '<div class="folio-image-panel" role="tabpanel" id="folio-image-upload" aria-labelledby="folio-image-tab-upload">' +
    '<label for="folio-image-file">Image file</label>' +
    '<input type="file" id="folio-image-file" accept="image/jpeg,image/png,image/gif,image/webp"' +
    ' aria-describedby="folio-image-file-hint folio-image-source-error">' +
    '<p class="help" id="folio-image-file-hint">A JPEG, PNG, GIF or WebP file. You can also drop or paste one into the editor.</p>' +
    "</div>" +
    '<div class="folio-image-panel" role="tabpanel" id="folio-image-library" aria-labelledby="folio-image-tab-library">' +
    '<label for="folio-image-search">Search the library</label>' +
    '<input type="search" id="folio-image-search" autocomplete="off" aria-describedby="folio-image-search-hint">' +
    '<p class="help" id="folio-image-search-hint">By file name or alt text; the newest images come first.</p>' +
    '<p class="folio-image-status" role="status"></p>' +
    '<ul class="folio-image-grid" aria-label="Images in the library"></ul>' +
    '<button type="button" class="button folio-image-more">Load more</button>' +
    "</div>" +
    '<p class="folio-image-error" id="folio-image-source-error" role="alert"></p>' +
    '<div class="folio-image-text">' +
    '<label for="folio-image-alt">Alt text <span class="folio-image-required">(required)</span></label>' +
    '<input type="text" id="folio-image-alt" required aria-required="true"' +
    ' aria-describedby="folio-image-alt-hint folio-image-alt-error">' +
    '<p class="help" id="folio-image-alt-hint"></p>' +
    '<p class="folio-image-error" id="folio-image-alt-error"></p>' +
    '<div class="folio-image-caption">' +
    '<label for="folio-image-caption">Caption <span class="folio-image-optional">(optional)</span></label>' +
    '<input type="text" id="folio-image-caption" aria-describedby="folio-image-caption-hint">' +
    '<p class="help" id="folio-image-caption-hint">Shown under the image.</p>' +
    "</div>" +
    "</div>" +
    '<div class="folio-image-actions">' +
    '<button type="submit" class="button default folio-image-insert"></button>' +
    '<button type="button" class="button folio-image-cancel">Cancel</button>' +
    "</div>" +
    "</form>";

  var dialog = null;
  var parts = {};
  var state = {};

  function config() {
    var hero = document.getElementById("id_hero_image_stored");
    var editor = document.querySelector("[data-markdownx-upload-urls-path]");
    return {
      library: hero ? hero.dataset.libraryUrl : "",
      upload: (hero && hero.dataset.uploadUrl) || (editor && editor.getAttribute("data-markdownx-upload-urls-path")),
    };
  }

  function csrfToken() {
    var field = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return field ? field.value : "";
  }

  function build() {
    dialog = window.Folio.makeDialog("folio-image-dialog", "folio-image-title", SKELETON);
    var find = dialog.querySelector.bind(dialog);
    parts = {
      form: find("form"),
      title: find("#folio-image-title"),
      tabs: { upload: find("#folio-image-tab-upload"), library: find("#folio-image-tab-library") },
      panels: { upload: find("#folio-image-upload"), library: find("#folio-image-library") },
      file: find("#folio-image-file"),
      search: find("#folio-image-search"),
      status: find(".folio-image-status"),
      grid: find(".folio-image-grid"),
      more: find(".folio-image-more"),
      sourceError: find("#folio-image-source-error"),
      alt: find("#folio-image-alt"),
      altHint: find("#folio-image-alt-hint"),
      altError: find("#folio-image-alt-error"),
      captionRow: find(".folio-image-caption"),
      caption: find("#folio-image-caption"),
      insert: find(".folio-image-insert"),
      cancel: find(".folio-image-cancel"),
    };
    parts.altHint.textContent = ALT_HINT;
    showError(parts.sourceError, "");
    showError(parts.altError, "");

    Object.keys(parts.tabs).forEach(function (name) {
      parts.tabs[name].addEventListener("click", function () {
        chooseTab(name);
      });
      parts.tabs[name].addEventListener("keydown", onTabKey);
    });
    parts.file.addEventListener("change", function () {
      showError(parts.sourceError, "");
    });
    var searching = null;
    parts.search.addEventListener("input", function () {
      clearTimeout(searching);
      searching = setTimeout(function () {
        loadLibrary(1);
      }, 250);
    });
    parts.search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // Enter searches at once rather than inserting
        clearTimeout(searching);
        loadLibrary(1);
      }
    });
    parts.more.addEventListener("click", function () {
      loadLibrary(state.page + 1);
    });
    parts.alt.addEventListener("input", function () {
      var length = parts.alt.value.replace(/\s+/g, " ").trim().length;
      if (length && length <= ALT_MAX) {
        showError(parts.altError, "");
        parts.alt.removeAttribute("aria-invalid");
      }
    });
    parts.form.addEventListener("submit", function (event) {
      event.preventDefault();
      confirm();
    });
    parts.cancel.addEventListener("click", function () {
      dialog.close();
    });
    // A file dropped on the dialog itself is the one to upload.
    dialog.addEventListener("dragover", function (event) {
      if (hasFiles(event.dataTransfer)) {
        event.preventDefault();
      }
    });
    dialog.addEventListener("drop", function (event) {
      var file = firstFile(event.dataTransfer);
      if (file) {
        event.preventDefault();
        useFile(file);
        chooseTab("upload");
      }
    });
    dialog.addEventListener("close", function () {
      if (state.request) {
        state.request.abort();
      }
      var back = state.returnTo;
      state = {};
      if (back && back.isConnected && document.activeElement !== back) {
        back.focus();
      }
    });
  }

  function showError(element, message) {
    element.textContent = message;
    element.hidden = !message;
  }

  function chooseTab(name) {
    state.tab = name;
    Object.keys(parts.tabs).forEach(function (other) {
      var selected = other === name;
      parts.tabs[other].setAttribute("aria-selected", String(selected));
      parts.tabs[other].tabIndex = selected ? 0 : -1;
      parts.panels[other].hidden = !selected;
    });
    showError(parts.sourceError, "");
    if (name === "library" && !state.loaded) {
      loadLibrary(1);
    }
  }

  function onTabKey(event) {
    var names = Object.keys(parts.tabs).filter(function (name) {
      return !parts.tabs[name].hidden;
    });
    var at = names.indexOf(state.tab);
    var next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: names.length - 1 }[event.key];
    if (next === undefined) {
      return;
    }
    event.preventDefault();
    var name = names[(next + names.length) % names.length];
    chooseTab(name);
    parts.tabs[name].focus();
  }

  function hasFiles(transfer) {
    return Boolean(transfer && transfer.types && Array.prototype.indexOf.call(transfer.types, "Files") !== -1);
  }

  function firstFile(transfer) {
    var files = transfer && transfer.files ? Array.prototype.slice.call(transfer.files) : [];
    var images = files.filter(function (file) {
      return /^image\//.test(file.type);
    });
    return images[0] || files[0] || null;
  }

  function useFile(file) {
    var transfer = new DataTransfer();
    transfer.items.add(file);
    parts.file.files = transfer.files;
    showError(parts.sourceError, "");
  }

  // The library.

  function loadLibrary(page) {
    var url = config().library;
    if (!url) {
      return;
    }
    var query = parts.search.value.trim();
    var ticket = (state.ticket = (state.ticket || 0) + 1);
    parts.status.textContent = "Loading images…";
    parts.more.hidden = true;
    window.Folio.getJson(url, { q: query, page: String(page) })
      .then(function (found) {
        if (ticket !== state.ticket) {
          return; // a newer search has started
        }
        state.loaded = true;
        state.page = found.page;
        if (page === 1) {
          parts.grid.replaceChildren();
        }
        var first = null;
        found.images.forEach(function (image) {
          var item = libraryItem(image);
          first = first || item;
          parts.grid.appendChild(item.parentElement);
        });
        var shown = parts.grid.children.length;
        if (!shown) {
          parts.status.textContent = query
            ? "No image matches “" + query + "”."
            : "The library is empty: upload an image first.";
        } else {
          parts.status.textContent = shown + (shown === 1 ? " image" : " images") + (found.has_next ? " so far." : ".");
        }
        parts.more.hidden = !found.has_next;
        if (page > 1 && first) {
          first.focus(); // keyboard users carry on from the first new image
        }
      })
      .catch(function (error) {
        if (ticket === state.ticket) {
          parts.status.textContent = "The library could not be loaded (" + error.message + "). Try again.";
        }
      });
  }

  function libraryItem(image) {
    var item = document.createElement("li");
    var choice = document.createElement("button");
    choice.type = "button";
    choice.className = "folio-image-choice";
    choice.setAttribute("aria-pressed", "false");
    var thumbnail = document.createElement("img");
    thumbnail.src = image.thumbnail;
    thumbnail.alt = "";
    thumbnail.width = image.width;
    thumbnail.height = image.height;
    thumbnail.loading = "lazy";
    var label = document.createElement("span");
    label.className = "folio-image-label";
    label.textContent = image.label;
    var size = document.createElement("span");
    size.className = "folio-image-size";
    size.textContent = image.width + " × " + image.height;
    choice.append(thumbnail, label, size);
    choice.addEventListener("click", function () {
      pick(image, choice);
    });
    item.appendChild(choice);
    return choice;
  }

  function pick(image, choice) {
    state.picked = image;
    parts.grid.querySelectorAll(".folio-image-choice").forEach(function (other) {
      other.setAttribute("aria-pressed", String(other === choice));
    });
    showError(parts.sourceError, "");
    if (!parts.alt.value.trim() && image.alt) {
      parts.alt.value = image.alt;
      parts.altHint.textContent = "Filled in from an earlier use of this image: check that it fits here. " + ALT_HINT;
    }
  }

  // Opening and confirming.

  function open(options) {
    if (!dialog) {
      build();
    }
    if (dialog.open) {
      return;
    }
    var hero = options.mode === "hero";
    state = { mode: options.mode, textarea: options.textarea, returnTo: options.returnTo || document.activeElement };
    if (options.textarea) {
      // Where the writer was: focus moving in and out of the dialog must not move it.
      state.selection = [options.textarea.selectionStart, options.textarea.selectionEnd];
    }
    parts.title.textContent = hero ? "Choose the hero image" : "Insert an image";
    parts.insert.textContent = hero ? "Use as hero image" : "Insert";
    parts.insert.disabled = false;
    parts.captionRow.hidden = hero;
    parts.form.reset();
    parts.alt.value = hero && options.alt ? options.alt : "";
    parts.alt.removeAttribute("aria-invalid");
    parts.altHint.textContent = ALT_HINT;
    showError(parts.altError, "");
    showError(parts.sourceError, "");
    parts.grid.replaceChildren();
    parts.status.textContent = "";
    parts.more.hidden = true;
    parts.tabs.library.hidden = !config().library;
    dialog.showModal();
    if (options.file) {
      useFile(options.file);
    }
    chooseTab(options.tab || "upload");
    var first = options.file ? parts.alt : state.tab === "library" ? parts.search : parts.file;
    first.focus();
  }

  function confirm() {
    if (state.busy) {
      return;
    }
    var alt = parts.alt.value.replace(/\s+/g, " ").trim();
    var source = state.tab === "library" ? state.picked : parts.file.files[0];
    var problem = "";
    if (!source) {
      problem = state.tab === "library" ? "Choose an image from the library." : "Choose an image file to upload.";
    }
    showError(parts.sourceError, problem);
    var altProblem = "";
    if (!alt) {
      altProblem = "Write the alt text: the image cannot be inserted without it.";
    } else if (alt.length > ALT_MAX) {
      altProblem =
        "The alt text has " + alt.length + " characters; at most " + ALT_MAX + " fit: shorten it to the essentials.";
    }
    if (altProblem) {
      showError(parts.altError, altProblem);
      parts.alt.setAttribute("aria-invalid", "true");
    }
    if (altProblem || problem) {
      (altProblem ? parts.alt : state.tab === "library" ? parts.search : parts.file).focus();
      return;
    }
    var caption = parts.caption.value.replace(/\s+/g, " ").trim();
    if (state.tab === "library") {
      finish(source, alt, caption);
    } else {
      upload(source, alt, caption);
    }
  }

  // The stored image's library entry, or an Error saying why the server did not take the file.
  function sendImage(file, alt, signal) {
    var body = new FormData();
    body.append("image", file);
    body.append("alt", alt);
    return fetch(config().upload, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      signal: signal,
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (answer) {
          if (!response.ok || !answer.url) {
            var reasons = answer.image || [];
            throw new Error(
              reasons.length
                ? reasons.join(" ")
                : "The image could not be uploaded. Try again, or use a JPEG, PNG, GIF or WebP file."
            );
          }
          return answer;
        });
    });
  }

  function upload(file, alt, caption) {
    var request = (state.request = new AbortController());
    state.busy = true;
    parts.insert.disabled = true;
    parts.insert.textContent = "Uploading…";
    var mode = state.mode;
    sendImage(file, alt, request.signal)
      .then(function (image) {
        state.busy = false;
        finish(image, alt, caption);
      })
      .catch(function (error) {
        if (error.name === "AbortError") {
          return;
        }
        state.busy = false;
        parts.insert.disabled = false;
        parts.insert.textContent = mode === "hero" ? "Use as hero image" : "Insert";
        showError(parts.sourceError, error.message);
        parts.file.focus();
      });
  }

  function finish(image, alt, caption) {
    var mode = state.mode;
    var textarea = state.textarea;
    var selection = state.selection;
    state.returnTo = mode === "hero" ? state.returnTo : null;
    dialog.close();
    if (mode === "hero") {
      setHero(image, alt);
    } else {
      var markdown = markdownFor(image.url, alt, caption);
      window.Folio.insertMarkdown(textarea, markdown, { selection: selection, block: true });
    }
  }

  // The Markdown: an image alone in its paragraph becomes a figure, its title the caption (articles/rendering.py).

  function markdownFor(url, alt, caption) {
    var text = "![" + window.Folio.markdownText(alt) + "](" + window.Folio.markdownAddress(url);
    if (caption) {
      text += ' "' + caption.replace(/(["\\])/g, "\\$1") + '"';
    }
    return text + ")";
  }

  // The hero image.

  function setHero(image, alt) {
    var stored = document.getElementById("id_hero_image_stored");
    var altField = document.getElementById("id_hero_image_alt");
    var upload = document.getElementById("id_hero_image");
    var clear = document.getElementById("hero_image-clear_id");
    stored.value = image.name;
    if (upload) {
      upload.value = "";
    }
    if (clear) {
      clear.checked = false;
    }
    if (altField) {
      altField.value = alt;
      altField.dispatchEvent(new Event("input", { bubbles: true }));
    }
    stored.dispatchEvent(new Event("change", { bubbles: true }));
    showHeroChoice(image);
  }

  function showHeroChoice(image, how) {
    var choice = document.querySelector(".folio-hero-choice");
    if (!choice) {
      return;
    }
    choice.replaceChildren();
    if (!image) {
      return;
    }
    var thumbnail = document.createElement("img");
    thumbnail.src = image.thumbnail;
    thumbnail.alt = "";
    thumbnail.width = image.width;
    thumbnail.height = image.height;
    var text = document.createElement("span");
    text.textContent = (how || "Chosen from the library: ") + image.label + ". Save the article to use it.";
    choice.append(thumbnail, text);
  }

  // A hero file goes up as soon as it is chosen, into the media library, and the form carries its stored name as
  // a hero chosen from there: autosave cannot send a file, so a hero chosen on an article not saved yet would
  // otherwise be lost when the writer leaves before saving. Until the upload is done the file stays in the box,
  // so a save sent meanwhile takes it the ordinary way.
  function uploadHero(upload, stored) {
    var file = upload.files[0];
    var choice = document.querySelector(".folio-hero-choice");
    var altField = document.getElementById("id_hero_image_alt");
    choice.textContent = "Uploading " + file.name + "…";
    sendImage(file, altField ? altField.value : "")
      .then(function (answer) {
        if (upload.files[0] !== file) {
          return; // another file was chosen meanwhile: that one is the hero
        }
        stored.value = answer.name;
        stored.dataset.uploaded = file.name;
        upload.value = "";
        stored.dispatchEvent(new Event("change", { bubbles: true })); // autosave keeps the stored name
        showHeroChoice(answer, "Uploaded: ");
      })
      .catch(function (error) {
        if (upload.files[0] === file) {
          choice.textContent = file.name + " is not uploaded yet: " + error.message + " Saving sends it with the form.";
        }
      });
  }

  // Where the dialog opens from.

  function textareaIn(container) {
    return container.querySelector("textarea.markdownx-editor") || container.querySelector("textarea");
  }

  function takeFiles(container) {
    function take(event, transfer) {
      var file = firstFile(transfer);
      if (!file) {
        return;
      }
      // Before markdownx (or any editor) sees it: every image goes through the dialog, with its alt text.
      event.preventDefault();
      event.stopPropagation();
      open({ mode: "body", textarea: textareaIn(container), file: file, returnTo: document.activeElement });
    }
    container.addEventListener(
      "paste",
      function (event) {
        take(event, event.clipboardData);
      },
      true
    );
    container.addEventListener(
      "drop",
      function (event) {
        take(event, event.dataTransfer);
      },
      true
    );
    container.addEventListener(
      "dragover",
      function (event) {
        if (hasFiles(event.dataTransfer)) {
          event.preventDefault();
          event.dataTransfer.dropEffect = "copy";
        }
      },
      true
    );
  }

  function addHeroButton() {
    var stored = document.getElementById("id_hero_image_stored");
    var row = document.querySelector(".field-hero_image");
    if (!stored || !row || !stored.dataset.libraryUrl) {
      return;
    }
    var box = document.createElement("div");
    box.className = "folio-hero-library";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = "Choose from library";
    var choice = document.createElement("p");
    choice.className = "folio-hero-choice";
    choice.setAttribute("aria-live", "polite");
    box.append(button, choice);
    (row.querySelector(".flex-container") || row.lastElementChild).insertAdjacentElement("afterend", box);
    button.addEventListener("click", function () {
      var altField = document.getElementById("id_hero_image_alt");
      open({ mode: "hero", tab: "library", alt: altField ? altField.value : "", returnTo: button });
    });
    var upload = document.getElementById("id_hero_image");
    if (upload) {
      upload.addEventListener("change", function () {
        if (upload.files.length) {
          stored.value = ""; // a new upload replaces the library choice
          delete stored.dataset.uploaded;
          showHeroChoice(null);
          if (window.fetch) {
            uploadHero(upload, stored);
          }
        }
      });
    }
    if (stored.value && stored.dataset.uploaded) {
      // A refused save stored the file uploaded with it (admin_forms.py): the file box is empty, the hero is not.
      choice.textContent = "Uploaded: " + stored.dataset.uploaded + ". Save the article to use it.";
    } else if (stored.value) {
      // The library's name for it (articles/stored_image_fields.py): a form reopened from autosave carries only
      // the stored name.
      choice.textContent =
        "Chosen from the library: " + (stored.dataset.label || stored.value) + ". Save the article to use it.";
    }
  }

  document.addEventListener("folio:image-dialog", function (event) {
    var container = event.target.closest && event.target.closest(".markdownx");
    var textarea = container ? textareaIn(container) : event.target;
    if (textarea && textarea.tagName === "TEXTAREA") {
      open({ mode: "body", textarea: textarea, returnTo: document.activeElement });
    }
  });

  function start() {
    document.querySelectorAll(".field-body .markdownx").forEach(function (container) {
      takeFiles(container);
    });
    addHeroButton();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
