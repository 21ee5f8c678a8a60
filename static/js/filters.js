// Filter panels (<details data-filter-panel>): collapsed on small screens so the results come first,
// open from 48rem, where they are a sidebar. The stylesheet shows them there in browsers with
// ::details-content; opening them here keeps the element's state (and what assistive technology
// announces) in step with what is shown, in every browser. Without JavaScript the summary still
// opens and closes the panel.
(function () {
  "use strict";
  if (!window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 48.01rem)");

  function apply() {
    var panels = document.querySelectorAll("[data-filter-panel]");
    for (var i = 0; i < panels.length; i++) {
      panels[i].open = wide.matches;
    }
  }

  apply();
  if (wide.addEventListener) {
    wide.addEventListener("change", apply);
  }
  // search.js replaces the results (and the panel with them) after each filter.
  document.addEventListener("filters:replaced", function () {
    if (wide.matches) {
      apply();
    }
  });
})();
