// "Copy link" buttons: copy the named read-only field and say so to screen readers too.
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copy);
      var status = button.parentElement.querySelector("[data-copy-status]");
      if (!field || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          if (status) status.textContent = button.dataset.copied || "Copied.";
        }, function () {
          field.select();
          if (status) status.textContent = button.dataset.copyFailed || "Select the link and copy it.";
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
