// A small formatting toolbar above each biography box (textarea[data-text-marks]) on the
// expert's profile form. It only types the light marks the server reads (portal/sanitize.py:
// **bold**, *italic*, "- " lists, "1. " lists, [text](address)); without JavaScript the box and
// its help text work the same. The buttons' words come translated from a <template> in the page.
(function () {
  "use strict";
  var template = document.getElementById("text-marks-toolbar");
  if (!template || !("content" in template)) return;

  function replaceSelection(box, before, after, placeholder) {
    var start = box.selectionStart, end = box.selectionEnd;
    var chosen = box.value.slice(start, end) || placeholder;
    box.setRangeText(before + chosen + after, start, end, "end");
    // Leave the chosen words selected, so typing replaces a placeholder.
    box.setSelectionRange(start + before.length, start + before.length + chosen.length);
  }

  function prefixLines(box, numbered) {
    var value = box.value;
    var start = value.lastIndexOf("\n", box.selectionStart - 1) + 1;
    var end = value.indexOf("\n", box.selectionEnd);
    if (end === -1) end = value.length;
    var lines = value.slice(start, end).split("\n").map(function (line, index) {
      var bare = line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, "");
      return (numbered ? index + 1 + ". " : "- ") + bare;
    });
    var text = lines.join("\n");
    box.setRangeText(text, start, end, "select");
  }

  var actions = {
    bold: function (box, words) { replaceSelection(box, "**", "**", words); },
    italic: function (box, words) { replaceSelection(box, "*", "*", words); },
    list: function (box) { prefixLines(box, false); },
    numbered: function (box) { prefixLines(box, true); },
    link: function (box, words) {
      var start = box.selectionStart;
      var chosen = box.value.slice(start, box.selectionEnd) || words;
      box.setRangeText("[" + chosen + "](https://)", start, box.selectionEnd, "end");
      // The address is what is left to type: put the caret after "https://".
      var caret = start + chosen.length + 3 + "https://".length;
      box.setSelectionRange(caret, caret);
    },
  };

  document.querySelectorAll("textarea[data-text-marks]").forEach(function (box) {
    var toolbar = template.content.firstElementChild.cloneNode(true);
    toolbar.setAttribute("aria-controls", box.id);
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-mark]");
      if (!button) return;
      actions[button.dataset.mark](box, button.dataset.placeholder || "");
      box.focus();
      box.dispatchEvent(new Event("input", { bubbles: true }));
    });
    box.parentNode.insertBefore(toolbar, box);
  });
})();
