// Search page: results follow typing and filter links without a full reload.
// Without JavaScript the same form and links work as plain requests.
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

  function load(url) {
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    region.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "X-Requested-With": "fetch" }, signal: controller.signal })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        region.innerHTML = html;
        region.removeAttribute("aria-busy");
        window.history.replaceState(null, "", url);
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          window.location.href = url;
        }
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      // The address bar holds the filters in use (it is updated after every load).
      var params = new URLSearchParams(window.location.search);
      params.set("q", input.value);
      params.delete("page");
      load("?" + params.toString());
    }, 250);
  });

  region.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    var href = link && link.getAttribute("href");
    if (!href || href.charAt(0) !== "?") {
      return;
    }
    event.preventDefault();
    load(href);
  });
})();
