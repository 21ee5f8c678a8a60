// Header search box: titles and names matching what is typed, offered as native suggestions.
(function () {
  "use strict";
  var input = document.getElementById("site-search-input");
  var list = document.getElementById("site-search-suggestions");
  if (!input || !list || !window.fetch) {
    return;
  }
  var language = document.documentElement.getAttribute("lang") || "en";
  var timer = null;

  function fetchNames(path, key, text) {
    var url = path + "?page_size=5&lang=" + encodeURIComponent(language) + "&q=" + encodeURIComponent(text);
    return fetch(url)
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (body) {
        return body.results.map(function (result) {
          return result[key];
        });
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) {
      return;
    }
    timer = window.setTimeout(function () {
      Promise.all([fetchNames("/api/v1/knowledge", "title", text), fetchNames("/api/v1/experts", "name", text)])
        .then(function (groups) {
          list.textContent = "";
          groups[0].concat(groups[1]).forEach(function (value) {
            var option = document.createElement("option");
            option.value = value;
            list.appendChild(option);
          });
        })
        .catch(function () {
          list.textContent = "";
        });
    }, 200);
  });
})();
