// Runs, agenda and disputes: "select all on this page", and a refused htmx request
// shown where the user looks instead of being dropped silently.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("select-all")) return;
    var form = box.closest("form");
    form.querySelectorAll('input[type="checkbox"][name="item"]').forEach(function (item) {
      item.checked = box.checked;
    });
  });
  document.addEventListener("htmx:responseError", function (event) {
    var region = document.querySelector(".collection-error");
    if (!region) return;
    var page = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
    var message = page.querySelector(".error-message");
    region.textContent = message ? message.textContent : "The request was refused (" + event.detail.xhr.status + ").";
    region.hidden = false;
  });
})();
