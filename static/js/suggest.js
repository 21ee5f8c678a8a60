// Header search box: titles and names matching what is typed, offered as native suggestions.
// Nothing runs while the page loads: the box is wired up the first time a reader focuses it, so
// the script adds no work before the page is usable (Lighthouse's long tasks).
(function () {
  "use strict";
  var input = document.getElementById("site-search-input");
  var list = document.getElementById("site-search-suggestions");
  if (!input || !list || !window.fetch) {
    return;
  }

  function start() {
    input.removeEventListener("focus", start);
    var language = document.documentElement.getAttribute("lang") || "en";
    var timer = null;
    var asked = "";
    var pending = null;

    function fetchNames(path, key, text, signal) {
      var url = path + "?page_size=5&lang=" + encodeURIComponent(language) + "&q=" + encodeURIComponent(text);
      return fetch(url, { signal: signal })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (body) {
          return body.results.map(function (result) {
            return result[key];
          });
        });
    }

    function show(values) {
      // Built apart and swapped in once: one change to the page per answer, not one per option.
      var options = document.createDocumentFragment();
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        options.appendChild(option);
      });
      list.replaceChildren(options);
    }

    function suggest() {
      var text = input.value.trim();
      if (text.length < 2 || text === asked) {
        return;
      }
      asked = text;
      // Only the latest question matters: an answer to an older one is dropped, not drawn.
      if (pending && window.AbortController) {
        pending.abort();
      }
      pending = window.AbortController ? new AbortController() : null;
      var signal = pending ? pending.signal : undefined;
      Promise.all([
        fetchNames("/api/v1/knowledge", "title", text, signal),
        fetchNames("/api/v1/experts", "name", text, signal),
      ])
        .then(function (groups) {
          show(groups[0].concat(groups[1]));
        })
        .catch(function (error) {
          if (!error || error.name !== "AbortError") {
            asked = "";
            show([]);
          }
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, 200);
    });
  }

  input.addEventListener("focus", start);
  if (document.activeElement === input) {
    start();
  }
})();
