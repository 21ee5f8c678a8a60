// Search page: results follow typing and filter links without a full reload.
// Without JavaScript the same form and links work as plain requests.
// A filter (or a submitted query) adds a history entry, so Back undoes it as it would after a full
// page load; typing only rewrites the current entry, so Back does not replay every keystroke.
// Loads made while the reader is still typing say so (X-Search-Typing), so the search report
// counts the query they settle on (submitted or left in the box), not every keystroke.
(function () {
  "use strict";
  var form = document.querySelector("[data-live-search]");
  var region = document.getElementById("search-results");
  if (!form || !region || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var input = form.querySelector("input[type=search]");
  var timer = null;
  var controller = null;
  // The query the server has counted already (the page was loaded with it).
  var counted = input.value;

  // history: "push" (a filter, a submitted query), "replace" (typing) or "none" (Back/Forward).
  function load(url, typing, history) {
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    region.setAttribute("aria-busy", "true");
    var headers = { "X-Requested-With": "fetch" };
    if (typing) {
      headers["X-Search-Typing"] = "1";
    }
    fetch(url, { headers: headers, signal: controller.signal })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        // The filter panel comes back with the results: keep it as open as the reader left it.
        var panel = region.querySelector("[data-filter-panel]");
        var wasOpen = panel ? panel.open : false;
        region.innerHTML = html;
        region.removeAttribute("aria-busy");
        panel = region.querySelector("[data-filter-panel]");
        if (panel) {
          panel.open = wasOpen;
        }
        document.dispatchEvent(new CustomEvent("filters:replaced"));
        var current = window.location.pathname + window.location.search;
        var next = new URL(url, window.location.href);
        if (history === "push" && next.pathname + next.search !== current) {
          window.history.pushState(null, "", url);
        } else if (history !== "none") {
          window.history.replaceState(null, "", url);
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          window.location.href = url;
        }
      });
  }

  function urlFor(text) {
    // The address bar holds the filters in use (it is updated after every load).
    var params = new URLSearchParams(window.location.search);
    params.set("q", text);
    params.delete("page");
    return "?" + params.toString();
  }

  // The reader submitted or left the box: count the query once, unless it is counted already.
  function settle() {
    window.clearTimeout(timer);
    var count = input.value.trim() !== "" && input.value !== counted;
    if (count) {
      counted = input.value;
    }
    load(urlFor(input.value), !count, "push");
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      load(urlFor(input.value), true, "replace");
    }, 250);
  });
  input.addEventListener("change", settle);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    settle();
  });

  region.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    var href = link && link.getAttribute("href");
    if (!href || href.charAt(0) !== "?") {
      return;
    }
    event.preventDefault();
    load(href, false, "push");
  });

  // Back or Forward to an earlier filter state: show the results of that address again. It was
  // counted when first loaded, so this load says it is not a new search.
  window.addEventListener("popstate", function () {
    input.value = new URLSearchParams(window.location.search).get("q") || "";
    counted = input.value;
    load(window.location.search || "?", true, "none");
  });
})();
