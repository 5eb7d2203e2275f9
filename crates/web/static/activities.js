// The activity form's minutes toolbar: a button inserts "## " (a heading) or "- " (a list
// item) at the start of the line the cursor is on. Without this script the textarea works
// the same by typing; the toolbar stays hidden.
(function () {
  'use strict';
  var bars = document.querySelectorAll('.md-toolbar');
  bars.forEach(function (bar) {
    var area = document.getElementById(bar.getAttribute('aria-controls'));
    if (!area) { return; }
    bar.hidden = false;
    bar.addEventListener('click', function (e) {
      var b = e.target.closest('button[data-insert]');
      if (!b) { return; }
      var mark = b.getAttribute('data-insert');
      var text = area.value;
      var at = area.selectionStart || 0;
      var lineStart = text.lastIndexOf('\n', at - 1) + 1;
      if (text.slice(lineStart, lineStart + mark.length) !== mark) {
        area.value = text.slice(0, lineStart) + mark + text.slice(lineStart);
        at += mark.length;
      }
      area.focus();
      area.setSelectionRange(at, at);
      area.dispatchEvent(new Event('input', { bubbles: true }));
    });
  });
}());
