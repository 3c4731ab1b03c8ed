// What every workspace page does in the browser, from a file (the Content-Security-Policy
// allows no inline script): a <select data-autosubmit> sends its form when changed.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.submit();
    }
  });
})();
