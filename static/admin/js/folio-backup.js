// Keep a copy of the unsaved body in this browser while typing, so that a closed tab, a crash or a
// dropped connection loses nothing; offer it back when the article is opened again.
(function () {
  "use strict";

  var PREFIX = "folio:backup:";
  var NEW = PREFIX + "new";
  var DELAY_MS = 300;

  // A new article's copy is its form's own (two new articles in two tabs keep two copies).
  function keyFor(path, form) {
    var match = path.match(/\/articles\/article\/([^/]+)\/change\/$/);
    if (match) {
      return PREFIX + match[1];
    }
    var draft = form.querySelector('input[name="draft_key"]');
    return draft && draft.value ? NEW + ":" + draft.value : NEW;
  }

  // The copies of new articles, which a new article's first save leaves behind under its form's key.
  function newKeys() {
    var keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key === NEW || key.indexOf(NEW + ":") === 0) {
          keys.push(key);
        }
      }
    } catch (error) {
      /* as in read() */
    }
    return keys;
  }

  // Whether a copy holds the text saved: saving strips the white space around the body (a last new line, say),
  // as Django's form does with every text, and a copy differing only there is no unsaved text.
  function sameText(copy, text) {
    return text !== null && copy.trim() === text.trim();
  }

  // localStorage can be full or switched off; the editor must keep working either way.
  function read(key) {
    try {
      var backup = JSON.parse(window.localStorage.getItem(key));
      return backup && typeof backup.body === "string" ? backup : null;
    } catch (error) {
      return null;
    }
  }

  function write(key, text) {
    try {
      window.localStorage.setItem(key, JSON.stringify({ body: text, savedAt: new Date().toISOString() }));
    } catch (error) {
      /* nothing more can be done here */
    }
  }

  function forget(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      /* as above */
    }
  }

  function button(label, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button";
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  // `key` is where the copy is kept; restored into a form with a key of its own, it moves there.
  function offer(body, key, backup, ownKey) {
    var box = document.createElement("div");
    box.className = "folio-backup";
    box.setAttribute("role", "alert");
    var text = document.createElement("p");
    var when = new Date(backup.savedAt);
    text.textContent =
      "This browser kept text you had not saved" +
      (isNaN(when) ? "" : " (" + when.toLocaleString() + ")") +
      ". Restore it into the body, or discard it.";
    box.appendChild(text);
    box.appendChild(
      button("Restore", function () {
        body.value = backup.body;
        if (key !== ownKey) {
          forget(key);
        }
        body.dispatchEvent(new Event("input")); // refreshes the live preview and the backup
        box.remove();
        body.focus();
      })
    );
    box.appendChild(
      button("Discard", function () {
        forget(key);
        box.remove();
      })
    );
    var form = body.form || body;
    form.insertAdjacentElement("beforebegin", box);
  }

  function start() {
    var body = document.getElementById("id_body");
    if (!body || !body.form) {
      return;
    }
    var key = keyFor(window.location.pathname, body.form);
    // A form sent back with errors holds text the server has not kept: it is the backup, not the saved text.
    var refused = document.querySelector(".errornote") !== null;
    var saved = refused ? null : body.value;
    if (key.indexOf(NEW) !== 0) {
      newKeys().forEach(function (other) {
        var fresh = read(other);
        if (fresh && sameText(fresh.body, body.value)) {
          forget(other);
        }
      });
    }
    var backup = read(key);
    if (refused) {
      write(key, body.value);
    } else if (backup && sameText(backup.body, saved)) {
      forget(key);
    } else if (backup && backup.body.trim() !== "") {
      offer(body, key, backup, key);
    } else if (!backup && key.indexOf(NEW) === 0 && body.value.trim() === "") {
      // A new article's form opened afresh: the newest copy a closed new-article tab left is offered here.
      var newest = null;
      newKeys().forEach(function (other) {
        var copy = other === key ? null : read(other);
        if (copy && copy.body.trim() !== "" && (!newest || copy.savedAt > newest.copy.savedAt)) {
          newest = { key: other, copy: copy };
        }
      });
      if (newest) {
        offer(body, newest.key, newest.copy, key);
      }
    }

    var timer = null;
    function keep() {
      timer = null;
      if (sameText(body.value, saved)) {
        forget(key);
      } else {
        write(key, body.value);
      }
    }
    body.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(keep, DELAY_MS);
    });
    window.addEventListener("pagehide", function () {
      if (timer !== null) {
        window.clearTimeout(timer);
        keep();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
