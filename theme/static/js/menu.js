// Folds the main navigation behind a "Menu" button on narrow screens.
// An enhancement only: without this script the button stays hidden and
// every link is visible. Wired through data-* attributes, not classes.
(function () {
  "use strict";
  var nav = document.querySelector("[data-menu]");
  var toggle = nav && nav.querySelector("[data-menu-toggle]");
  if (!toggle) {
    return;
  }
  toggle.hidden = false;
  nav.setAttribute("data-menu-ready", "");
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  });
})();
