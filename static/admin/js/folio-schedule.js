// The save button says what saving does for readers, and a line above the buttons says it in words:
// "Publish now" for an article readers cannot see yet, "Schedule for 4 May, 09:00" for a date to come.
//
// The date is read as typed, in the site's time zone (the date boxes are in it); "now" is the browser's clock
// moved to that zone by the offset Django puts on <body>. The server
// decides in the end: published with no date publishes at the moment of saving.
(function () {
  "use strict";

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // The typed date and time as numbers, or null when either is missing or not in a form read here.
  function typedMoment(dateBox, timeBox) {
    var date = dateBox.value.trim();
    var time = timeBox.value.trim();
    var d = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(date);
    var us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date);
    var t = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(time);
    if (!(d || us) || !t) {
      return null;
    }
    var parts = d ? [+d[1], +d[2], +d[3]] : [+us[3], +us[1], +us[2]];
    var moment = {
      year: parts[0],
      month: parts[1],
      day: parts[2],
      hour: +t[1],
      minute: +t[2],
      second: +(t[3] || 0),
    };
    if (moment.month < 1 || moment.month > 12 || moment.day < 1 || moment.day > 31 || moment.hour > 23) {
      return null;
    }
    return moment;
  }

  // Milliseconds of the moment's wall-clock time, comparable with siteNow().
  function wallTime(m) {
    return Date.UTC(m.year, m.month - 1, m.day, m.hour, m.minute, m.second);
  }

  function siteNow() {
    return Date.now() + Number(document.body.dataset.adminUtcOffset || 0) * 1000;
  }

  function shown(m) {
    var thisYear = new Date(siteNow()).getUTCFullYear();
    return (
      m.day + " " + MONTHS[m.month - 1] + (m.year === thisYear ? "" : " " + m.year) + ", " + two(m.hour) + ":" + two(m.minute)
    );
  }

  // What saving will do: the button's label (null for the page's own) and the sentence above the buttons.
  function plan(status, live, moment, hasDate) {
    if (status !== "published") {
      return { label: null, note: live ? "This takes it off the site: readers no longer see it." : "" };
    }
    if (hasDate && !moment) {
      return { label: null, note: "" };
    }
    if (moment && wallTime(moment) > siteNow()) {
      return {
        label: "Schedule for " + shown(moment),
        note: "Scheduled: readers see it from " + shown(moment) + " (site time), not before.",
      };
    }
    if (live) {
      return { label: null, note: "" };
    }
    return {
      label: "Publish now",
      note: moment
        ? "Saving publishes it now, dated " + shown(moment) + "."
        : "Saving publishes it now: readers see it at once.",
    };
  }

  // A date or time box the browser holds half filled in (a day and month, no year) posts as empty, and an empty
  // date on a published article means "now": such a save waits until the box is whole or cleared.
  function unfinished(box) {
    return !!(box && box.validity && box.validity.badInput);
  }

  function guardUnfinishedDates(form) {
    form.addEventListener("submit", function (event) {
      var boxes = form.querySelectorAll('.folio-when input[type="date"], .folio-when input[type="time"]');
      var first = null;
      Array.prototype.forEach.call(boxes, function (box) {
        var part = box.closest(".folio-when");
        var note = part.querySelector(".folio-when-unfinished");
        if (!unfinished(box)) {
          if (note && !Array.prototype.some.call(part.querySelectorAll("input"), unfinished)) {
            note.remove();
          }
          return;
        }
        if (!note) {
          note = document.createElement("p");
          note.className = "errornote folio-when-unfinished";
          note.setAttribute("role", "alert");
          part.appendChild(note);
        }
        note.textContent =
          box.type === "date"
            ? "This date is not whole: give its day, month and year, or clear it."
            : "This time is not whole: give its hours and minutes, or clear it.";
        first = first || box;
      });
      if (first) {
        event.preventDefault();
        event.stopImmediatePropagation();
        first.focus();
      }
    });
  }

  function start() {
    var form = document.getElementById("article_form");
    // A live article's main button publishes its changes (articles/pending_admin.py); any other's saves.
    if (form) {
      guardUnfinishedDates(form);
    }
    var save = form && (form.querySelector('input[name="_publish"]') || form.querySelector('input[name="_save"]'));
    var status = document.getElementById("id_status");
    var submitRow = save && save.closest(".submit-row");
    if (!save || !status || !submitRow) {
      return;
    }
    var dateBox = document.getElementById("id_publish_date_0");
    var timeBox = document.getElementById("id_publish_date_1");
    var live = status.dataset.live === "true";
    var pageLabel = save.value;

    var note = document.createElement("p");
    note.id = "folio-publish-plan";
    note.className = "folio-publish-plan";
    note.setAttribute("aria-live", "polite");
    submitRow.parentNode.insertBefore(note, submitRow);
    save.setAttribute("aria-describedby", note.id);

    function update() {
      var hasDate = !!(
        dateBox &&
        timeBox &&
        (dateBox.value.trim() || timeBox.value.trim() || unfinished(dateBox) || unfinished(timeBox))
      );
      var moment = hasDate ? typedMoment(dateBox, timeBox) : null;
      var next = plan(status.value, live, moment, hasDate);
      save.value = next.label || pageLabel;
      if (note.textContent !== next.note) {
        note.textContent = next.note;
      }
      note.hidden = !next.note;
    }

    update();
    // A date box set by a script (autosave bringing text back) fires no event: a click or key may have changed it.
    ["input", "change", "click", "keyup"].forEach(function (type) {
      document.addEventListener(type, update);
    });
    // A date that comes while the page is open turns "Schedule for …" into "Publish now".
    window.setInterval(update, 30000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
