// The complaint form on a phone (progressive: the form works the same without this script).
// - After a failed submit, focus goes to the error summary, so a screen reader reads it and
//   the page starts there.
// - A summary link focuses its field and puts the field's label in the middle of the screen,
//   so the worker sees the question and its message, not just an empty box.
// - A draft of what was typed is kept in sessionStorage (this tab only, gone when it closes),
//   so a reload or a phone restoring a killed browser does not lose it. Never kept: the ID
//   number, the consent box, and the hidden tokens. The receipt page clears the draft.
(function () {
  "use strict";
  var KEY = "complaint-draft";
  var SKIPPED = ["id_number", "consent", "website", "csrf_token", "submission"];

  function storage() {
    try {
      return window.sessionStorage; // throws where storage is disabled
    } catch (error) {
      return null;
    }
  }

  function kept(field) {
    return field.name && SKIPPED.indexOf(field.name) < 0 && field.type !== "hidden";
  }

  function save(form, store) {
    var draft = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!kept(field)) return;
      draft[field.name] = field.type === "checkbox" ? field.checked : field.value;
    });
    try {
      store.setItem(KEY, JSON.stringify(draft));
    } catch (error) {
      // Storage full or refused: the form still works, only the draft is not kept.
    }
  }

  function restore(form, store) {
    var draft;
    try {
      draft = JSON.parse(store.getItem(KEY) || "{}");
    } catch (error) {
      return;
    }
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!kept(field) || !(field.name in draft)) return;
      if (field.type === "checkbox") {
        if (!field.checked && draft[field.name] === true) field.checked = true;
      } else if (field.value === "" && typeof draft[field.name] === "string") {
        field.value = draft[field.name]; // only into empty fields: never over what the server sent
      }
    });
  }

  function showField(event) {
    var link = event.target.closest("a[href^='#field-']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus({ preventScroll: true });
    var label = document.querySelector("label[for='" + field.id + "']") || field;
    label.scrollIntoView({ block: "center" });
  }

  function start() {
    var store = storage();
    var form = document.querySelector("form[data-draft]");
    if (store && document.querySelector("[data-draft-clear]")) {
      store.removeItem(KEY);
    }
    if (store && form) {
      restore(form, store);
      form.addEventListener("input", function () { save(form, store); });
      form.addEventListener("change", function () { save(form, store); });
    }
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.addEventListener("click", showField);
      summary.focus();
    }
  }

  start();
})();
