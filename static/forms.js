// The error summary of a refused form: its links move the focus to the input they
// name (following "#f-name" alone would only scroll), with the input's label in view.
// The summary itself takes the focus on load (autofocus, repeated here for browsers
// that ignore autofocus on a non-input).
document.addEventListener('DOMContentLoaded', function () {
  var summary = document.getElementById('error-summary');
  if (!summary) {
    return;
  }
  if (document.activeElement !== summary) {
    summary.focus();
  }
  summary.addEventListener('click', function (e) {
    var link = e.target.closest('a[href^="#"]');
    if (!link) {
      return;
    }
    var input = document.getElementById(link.getAttribute('href').substring(1));
    if (!input) {
      return;
    }
    e.preventDefault();
    var label = document.querySelector('label[for="' + input.id + '"]');
    (label || input).scrollIntoView();
    input.focus({preventScroll: true});
  });
});
