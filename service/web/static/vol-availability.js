// Availability editor: add and remove window rows without a round trip.
// Without JavaScript the form still works: a blank row is offered and "none" removes a row.
(function () {
  "use strict";
  var counter = 1000;

  function setup(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    var body = form.querySelector("tbody");
    var template = form.querySelector("template[data-row-template]");
    var add = form.querySelector("[data-add-row]");
    form.querySelectorAll("[data-remove-row]").forEach(function (b) { b.hidden = false; });
    add.hidden = false;
    add.addEventListener("click", function () {
      counter += 1;
      var html = template.innerHTML.split("__i__").join(String(counter));
      body.insertAdjacentHTML("beforeend", html);
      var row = body.lastElementChild;
      row.querySelector("[data-remove-row]").hidden = false;
      row.querySelector("select").focus();
    });
    body.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-row]");
      if (!button) return;
      button.closest("tr").remove();
      add.focus();
    });
  }

  function init() {
    document.querySelectorAll("form[data-availability]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
