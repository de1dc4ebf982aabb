// Outcome form: choosing an obligation type fills in the program's default target when the
// target is still empty (the server applies the same default to a blank target anyway).
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("select[data-target-field]").forEach(function (select) {
      select.addEventListener("change", function () {
        var field = document.getElementById(select.dataset.targetField);
        var option = select.options[select.selectedIndex];
        if (!field || !option) return;
        var unit = option.dataset.unit || "";
        field.placeholder = unit ? unit : "";
        if (!field.value && option.dataset.defaultTarget) field.value = option.dataset.defaultTarget;
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
