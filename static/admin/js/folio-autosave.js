// Autosave: send the article form to the server a few seconds after typing stops (and every so often while it
// goes on), and when the page is hidden or left, so the work survives a closed laptop and opens on another
// device. The server keeps it apart from the article as a pending change (articles/pending.py): a published
// page never changes by itself. The browser's own copy (folio-backup.js) stays as a second net.
(function () {
  "use strict";

  // What the server matches against the page it came from, not text to keep.
  var NOT_TEXT = { csrfmiddlewaretoken: true, pending_token: true, base_version: true, draft_key: true };
  // A request that outlives its page (keepalive) may carry 64 KiB at most; a larger form goes as an ordinary one.
  var KEEPALIVE_LIMIT = 60000;
  var TRYING = "Your text is kept in this browser; saving is tried again by itself until the server takes it.";

  function start() {
    var config = document.getElementById("folio-autosave");
    var form = config && document.getElementById(config.dataset.form);
    if (!form || !window.fetch || !window.FormData) {
      return;
    }
    var url = config.dataset.url;

    // A new article's form has a key of its own (its autosaved text is kept under it): the page's address says
    // it too, so that a reload, or the way back to this page, opens this article rather than a new one.
    var draftKey = form.querySelector('input[name="draft_key"]');
    if (draftKey && draftKey.value && window.history.replaceState && window.URLSearchParams) {
      var address = new URL(window.location.href);
      if (address.searchParams.get("draft") !== draftKey.value) {
        address.searchParams.set("draft", draftKey.value);
        window.history.replaceState(window.history.state, "", address.toString());
      }
    }
    var idleMs = Number(config.dataset.idleMs) || 3000;
    var maxWaitMs = Number(config.dataset.maxWaitMs) || 20000;

    var status = document.createElement("p");
    status.className = "folio-autosave-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.textContent = config.dataset.intro || "";
    var writing = form.querySelector(".field-body .markdownx");
    if (writing) {
      writing.insertAdjacentElement("afterend", status);
    } else {
      form.insertAdjacentElement("afterbegin", status);
    }

    // The form as the server will keep it: files go up only with a save of the article.
    function payload() {
      var data = new FormData(form);
      var files = [];
      data.forEach(function (value, key) {
        if (typeof value !== "string") {
          files.push(key);
        }
      });
      files.forEach(function (key) {
        data.delete(key);
      });
      return data;
    }

    function snapshot(data) {
      var parts = [];
      data.forEach(function (value, key) {
        if (!NOT_TEXT[key] && key.indexOf("initial-") !== 0) {
          parts.push([key, value]);
        }
      });
      return JSON.stringify(parts);
    }

    // A form sent back with errors holds text the server has not kept yet.
    var lastSaved = document.querySelector(".errornote") ? null : snapshot(payload());
    // A save refused over newer changes from another window shows them against this form: autosaving the form
    // would replace them before the writer has brought in what to keep (its token is the old one anyway).
    if (form.querySelector('input[name="pending_seen"]')) {
      status.textContent = "Autosave waits until you save this form: the newer changes shown above are kept until then.";
      return;
    }
    var idleTimer = null;
    var maxTimer = null;
    // A save that failed on the way (no connection, the server down or overloaded) is tried again by itself,
    // sooner at first, then no oftener than autosave's longest wait: the writer may have stopped typing for good.
    var retryTimer = null;
    var retryMs = 0;
    // Whether the last autosave found no server at all: a save of the form sent now would only leave the writer
    // on the browser's error page, so it waits on this page until the server answers.
    var unreachable = false;
    var waitMs = 0;
    var inFlight = false;
    var sending = null;
    var again = false;
    var stopped = false;
    var submitting = false;
    var heldSubmit = null;
    var beaconSent = false;

    function show(text, isError) {
      status.textContent = text;
      status.classList.toggle("is-error", Boolean(isError));
    }

    function setToken(token) {
      document.querySelectorAll('input[name="pending_token"]').forEach(function (input) {
        input.value = token;
      });
    }

    function clearTimers() {
      window.clearTimeout(idleTimer);
      window.clearTimeout(maxTimer);
      window.clearTimeout(retryTimer);
      idleTimer = null;
      maxTimer = null;
      retryTimer = null;
    }

    function retryLater() {
      retryMs = retryMs ? Math.min(retryMs * 2, maxWaitMs) : idleMs;
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(save, retryMs);
    }

    function schedule() {
      if (stopped || submitting) {
        return;
      }
      window.clearTimeout(idleTimer);
      idleTimer = window.setTimeout(save, idleMs);
      if (maxTimer === null) {
        maxTimer = window.setTimeout(save, maxWaitMs);
      }
    }

    function reasonFor(response) {
      if (response.status === 403) {
        return "the page's permission to save has expired or was withdrawn: reload the page (your text is kept in this browser).";
      }
      if (response.status === 413 || response.status === 400) {
        return "the server refused the form. Your text is kept in this browser.";
      }
      return "the server answered with an error (" + response.status + "). " + TRYING;
    }

    function submitHeld() {
      var submitter = heldSubmit.submitter;
      heldSubmit = null;
      if (form.requestSubmit) {
        form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      } else {
        form.submit();
      }
    }

    function submitWhenReachable() {
      show("Not saved yet: the server could not be reached. Your save waits on this page and goes as soon as the server answers; nothing is lost meanwhile.", true);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function () {
          unreachable = false;
          waitMs = 0;
          submitHeld();
        })
        .catch(function () {
          waitMs = waitMs ? Math.min(waitMs * 2, maxWaitMs) : idleMs;
          window.setTimeout(submitWhenReachable, waitMs);
        });
    }

    function finished() {
      inFlight = false;
      sending = null;
      if (heldSubmit) {
        // A save of the form waited for this autosave, so that it carries the newest token.
        if (unreachable) {
          submitWhenReachable();
        } else {
          submitHeld();
        }
        return;
      }
      if (again) {
        again = false;
        save();
      }
      if (!inFlight) {
        waiters.splice(0).forEach(function (callback) {
          callback();
        });
      }
    }

    // Saves the form now and calls back once the server has answered (at once when there is nothing to send).
    var waiters = [];
    function whenSaved(callback) {
      save();
      if (inFlight) {
        waiters.push(callback);
      } else {
        callback();
      }
    }

    function save() {
      clearTimers();
      if (stopped || submitting) {
        return;
      }
      var data = payload();
      var current = snapshot(data);
      if (current === lastSaved) {
        return;
      }
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      sending = current;
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        keepalive: current.length < KEEPALIVE_LIMIT,
      })
        .then(function (response) {
          unreachable = false;
          return response
            .json()
            .catch(function () {
              return null;
            })
            .then(function (answer) {
              if (response.ok && answer) {
                retryMs = 0;
                lastSaved = current;
                setToken(answer.token);
                show(answer.message, false);
                return;
              }
              if (!answer && response.redirected) {
                // The admin sends a signed-out visitor to its sign-in page.
                show("Not saved: you have been signed out. Sign in again in another tab, then reload this page; your text is kept in this browser.", true);
                stopped = true;
                return;
              }
              show("Not saved: " + ((answer && answer.error) || reasonFor(response)), true);
              // A newer save elsewhere, a lost permission or a deleted article: every later try would fail too.
              if (response.status === 409 || response.status === 403 || response.status === 404) {
                stopped = true;
              } else if (response.status >= 500 || response.status === 429) {
                retryLater();
              }
            });
        })
        .catch(function () {
          unreachable = true;
          show("Not saved: the server could not be reached. " + TRYING, true);
          retryLater();
        })
        .then(finished);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    // The admin's autocomplete boxes (author, tags, call to action) announce a choice through jQuery only.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(form).on("change", schedule);
    }

    document.addEventListener("submit", function (event) {
      if (event.target === form && heldSubmit) {
        event.preventDefault(); // pressed again while the first press waits: it goes once
        return;
      }
      if (event.target === form && (inFlight || unreachable)) {
        event.preventDefault();
        heldSubmit = { submitter: event.submitter };
        if (!inFlight) {
          submitWhenReachable();
        }
        return;
      }
      submitting = true;
      clearTimers();
      // Another script may have stopped the submission: then the page stays, and so does autosave.
      window.setTimeout(function () {
        if (event.defaultPrevented && !heldSubmit) {
          submitting = false;
        }
      }, 0);
    });

    // Preview changes shows what the server keeps: the text just typed goes there first. The tab opens at once,
    // while the click still counts as the writer's (a tab opened later is a pop-up browsers block).
    document.addEventListener("click", function (event) {
      var link = event.target instanceof Element ? event.target.closest("a.folio-preview-changes") : null;
      if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
        return;
      }
      event.preventDefault();
      var tab = window.open("", link.target || "_blank");
      whenSaved(function () {
        if (tab) {
          tab.location.href = link.href;
        } else {
          window.location.href = link.href;
        }
      });
    });

    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        save();
      }
    });

    // Leaving: sent before the browser asks for the next page, so that a reload (or a way back to this form)
    // finds the text already on the server. pagehide comes only once the next page has been served.
    window.addEventListener("beforeunload", save);
    // The connection is back: no need to wait for the next try.
    window.addEventListener("online", save);

    window.addEventListener("pagehide", function () {
      clearTimers();
      if (stopped || submitting || !navigator.sendBeacon) {
        return;
      }
      var data = payload();
      var current = snapshot(data);
      if (current !== lastSaved && current !== sending) {
        beaconSent = navigator.sendBeacon(url, data);
      }
    });

    // A page just opened may still have missed the words its predecessor sent as it went (both reach the
    // server at once). Untouched, it reloads once to show them; once typed in, autosave says why it cannot save.
    var opened = lastSaved;
    var reloadKey = "folio-autosave-reloaded:" + url;
    function reloadIfBehind() {
      if (opened === null || stopped || inFlight || !window.sessionStorage) {
        return;
      }
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (answer) {
          var shown = form.querySelector('input[name="pending_token"]');
          if (!answer || !shown || answer.token === shown.value || inFlight || snapshot(payload()) !== opened) {
            return;
          }
          var last = Number(window.sessionStorage.getItem(reloadKey)) || 0;
          if (Date.now() - last < 30000) {
            return;
          }
          window.sessionStorage.setItem(reloadKey, String(Date.now()));
          window.location.reload();
        })
        .catch(function () {});
    }
    window.setTimeout(reloadIfBehind, 1000);

    // Back from the browser's page cache after a beacon: the page's token is an old one now.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && beaconSent) {
        window.location.reload();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
