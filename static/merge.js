// Small conveniences for the merge page; everything works without them.
// Editing a conflict's text selects "use the text I edited"; choosing per conflict
// selects "conflict by conflict"; typing a scalar value selects "the value below".
document.querySelectorAll('[data-testid="merge-field"]').forEach(function (row) {
  var modeText = row.querySelector('.mode-text');
  var modeChoices = row.querySelector('.mode-choices');
  var text = row.querySelector('.result-text');
  if (text && modeText) {
    text.addEventListener('input', function () { modeText.checked = true; });
  }
  row.querySelectorAll('.hunk-choice').forEach(function (radio) {
    radio.addEventListener('change', function () { if (modeChoices) { modeChoices.checked = true; } });
  });
  var typed = row.querySelector('.typed-choice');
  if (typed) {
    row.querySelectorAll('.choices input:not([type=radio]), .choices select, .choices textarea').forEach(function (input) {
      input.addEventListener('input', function () { typed.checked = true; });
      input.addEventListener('change', function () { typed.checked = true; });
    });
  }
});
