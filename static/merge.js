// The merge page's live result, counter and conveniences. Everything works without
// this script: "Preview" asks the server for the same result.
// - The result pane (result-preview) follows every choice; an undecided conflict is a gap.
// - The bar counts the conflicts decided and links to the next undecided one.
// - Editing a conflict's text selects "with the text I edit"; choosing per conflict
//   selects "conflict by conflict"; typing a scalar value selects "another value".
// - The free-edit box follows the choices until it is edited.
// - The three panes of a field scroll together.
// - A text resolved conflict by conflict does not send its free-edit box (it would be a second copy).
// - "Keep all of yours" / "Take all of theirs" (per field and for the record) and "Accept all
//   suggestions" make their choices in place instead of posting; the Save button counts the
//   conflicts decided by a suggestion.
(function () {
  var page = document.querySelector('[data-testid="merge-page"]');
  if (!page) { return; }
  var form = page.querySelector('[data-testid="merge-form"]');
  var rows = Array.prototype.slice.call(page.querySelectorAll('[data-testid="merge-field"]'));
  var all = function (root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); };
  var checked = function (root, selector) {
    return all(root, selector).filter(function (radio) { return radio.checked; })[0] || null;
  };

  // A field input's value as the result shows it (the server's ResultPart.shown).
  function shown(root, key) {
    var box = root.querySelector('input[type=checkbox][name="' + key + '"]');
    if (box) { return box.checked ? 'Yes' : 'No'; }
    var input = root.querySelector('[name="' + key + '"]:not([type=hidden])');
    var value = input ? input.value : '';
    return value === '' ? '(no value)' : value;
  }

  // Each piece of a row's result: [css kind, text, hunk number or null].
  function pieces(row) {
    var key = row.getAttribute('data-field');
    if (row.getAttribute('data-outcome') !== 'CONFLICT') {
      return [['merged', shown(row, key), null]];
    }
    var editor = row.querySelector('[data-testid="result-editor"]');
    if (!editor) {
      var scalar = row.querySelector('[data-testid="scalar-choices"]');
      var choice = checked(scalar, 'input[type=radio]');
      if (!choice) { return [['gap', scalar.getAttribute('data-gap'), null]]; }
      return [['chosen', choice.value === 'typed' ? shown(scalar, key) : choice.getAttribute('data-text'), null]];
    }
    var text = editor.querySelector('.result-text');
    if (editor.querySelector('.mode-text').checked) { return [['chosen', text.value, null]]; }
    return all(editor, 'ol.parts > li').map(function (li) {
      var hunk = li.querySelector('[data-testid="hunk"]');
      if (!hunk) {
        return ['merged', all(li, 'pre.stable-text').map(function (pre) { return pre.textContent; }).join(''), null];
      }
      var radio = checked(hunk, '.hunk-choice');
      var number = hunk.getAttribute('data-hunk');
      return radio ? ['chosen', radio.getAttribute('data-text'), number] : ['gap', hunk.getAttribute('data-gap'), number];
    });
  }

  // The free-edit text: the result, an undecided conflict as both sides, yours first.
  function proposal(editor) {
    return all(editor, 'ol.parts > li').map(function (li) {
      var hunk = li.querySelector('[data-testid="hunk"]');
      if (!hunk) { return all(li, 'pre.stable-text').map(function (pre) { return pre.textContent; }).join(''); }
      var radio = checked(hunk, '.hunk-choice') || hunk.querySelector('.hunk-choice[value="yours_theirs"]');
      return radio.getAttribute('data-text');
    }).join('');
  }

  function showResult(row) {
    var target = page.querySelector('.result-field[data-result-field="' + row.getAttribute('data-field') + '"] .result-value');
    if (!target) { return; }
    while (target.firstChild) { target.removeChild(target.firstChild); }
    pieces(row).forEach(function (piece) {
      var span = document.createElement('span');
      span.className = 'part ' + piece[0];
      if (piece[2]) { span.setAttribute('data-hunk', piece[2]); }
      span.textContent = piece[1];
      target.appendChild(span);
    });
  }

  // Ids of the undecided conflicts in page order, and how many conflicts there are.
  function tally() {
    var open = [];
    var total = 0;
    rows.forEach(function (row) {
      if (row.getAttribute('data-outcome') !== 'CONFLICT') { return; }
      var scalar = row.querySelector('[data-testid="scalar-choices"]');
      if (scalar) {
        total++;
        if (!checked(scalar, 'input[type=radio]')) { open.push(scalar.id); }
        return;
      }
      var hunks = all(row, '[data-testid="hunk"]');
      total += hunks.length;
      if (row.querySelector('.mode-text').checked) { return; }
      hunks.forEach(function (hunk) { if (!checked(hunk, '.hunk-choice')) { open.push(hunk.id); } });
    });
    return { open: open, total: total };
  }

  function plural(n) { return n + ' conflict' + (n === 1 ? '' : 's'); }

  // The hunks decided conflict by conflict (not as edited text).
  function choiceHunks() {
    var out = [];
    rows.forEach(function (row) {
      var editor = row.querySelector('[data-testid="result-editor"]');
      if (editor && !editor.querySelector('.mode-text').checked) { out = out.concat(all(editor, '[data-testid="hunk"]')); }
    });
    return out;
  }

  function showSuggestions() {
    var bySuggestion = 0;
    var left = false;
    choiceHunks().forEach(function (hunk) {
      var radio = checked(hunk, '.hunk-choice');
      if (radio && radio.getAttribute('data-suggested') === 'true') { bySuggestion++; }
      if (!radio && hunk.querySelector('.hunk-choice[data-suggested="true"]')) { left = true; }
    });
    var count = page.querySelector('[data-testid="decided-by-suggestion"]');
    if (count) {
      count.setAttribute('data-count', String(bySuggestion));
      count.textContent = bySuggestion === 0 ? '' : ' (' + bySuggestion + ' decided by suggestion)';
    }
    var accept = page.querySelector('[data-testid="accept-suggestions"]');
    if (accept) { accept.hidden = !left; }
  }

  function changed() { form.dispatchEvent(new Event('change', { bubbles: true })); }

  // Every conflict of a row set to one side.
  function setSide(row, side) {
    var editor = row.querySelector('[data-testid="result-editor"]');
    if (editor) {
      editor.querySelector('.mode-choices').checked = true;
      all(editor, '.hunk-choice[value="' + side + '"]').forEach(function (radio) { radio.checked = true; });
      return;
    }
    var radio = row.querySelector('[data-testid="scalar-choices"] input[type=radio][value="' + side + '"]');
    if (radio) { radio.checked = true; }
  }

  all(page, 'button.all-side').forEach(function (button) {
    button.addEventListener('click', function (event) {
      event.preventDefault();
      var field = button.getAttribute('data-for');
      rows.filter(function (row) {
        return row.getAttribute('data-outcome') === 'CONFLICT' && (!field || row.getAttribute('data-field') === field);
      }).forEach(function (row) { setSide(row, button.getAttribute('data-side')); });
      changed();
    });
  });

  var accept = page.querySelector('[data-testid="accept-suggestions"]');
  if (accept) {
    accept.addEventListener('click', function (event) {
      event.preventDefault();
      choiceHunks().forEach(function (hunk) {
        var suggested = hunk.querySelector('.hunk-choice[data-suggested="true"]');
        if (suggested && !checked(hunk, '.hunk-choice')) { suggested.checked = true; }
      });
      changed();
    });
  }

  function showTally() {
    var counter = page.querySelector('[data-testid="conflicts-left"]');
    if (!counter) { return; }
    var t = tally();
    var left = t.open.length;
    counter.setAttribute('data-left', String(left));
    counter.textContent = (t.total - left) + ' of ' + plural(t.total) + ' decided';
    var next = page.querySelector('[data-testid="next-conflict"]');
    next.hidden = left === 0;
    next.setAttribute('href', left === 0 ? '#' : '#' + t.open[0]);
    page.querySelector('[data-testid="resolve-button"] .remaining').textContent = left === 0 ? '' : ' (' + plural(left) + ' left)';
  }

  rows.forEach(function (row) {
    var editor = row.querySelector('[data-testid="result-editor"]');
    if (editor) {
      var text = editor.querySelector('.result-text');
      var modeText = editor.querySelector('.mode-text');
      var modeChoices = editor.querySelector('.mode-choices');
      var edited = modeText.checked;
      text.addEventListener('input', function () { edited = true; modeText.checked = true; });
      all(editor, '.hunk-choice').forEach(function (radio) {
        radio.addEventListener('change', function () { modeChoices.checked = true; });
      });
      form.addEventListener('change', function () { if (!edited) { text.value = proposal(editor); } });
    }
    var typed = row.querySelector('.typed-choice');
    if (typed) {
      all(row, '.choices input:not([type=radio]), .choices select, .choices textarea').forEach(function (input) {
        input.addEventListener('input', function () { typed.checked = true; });
        input.addEventListener('change', function () { typed.checked = true; });
      });
    }
    var panes = all(row, '.pane .diff');
    var syncing = null;
    panes.forEach(function (pane) {
      pane.addEventListener('scroll', function () {
        if (syncing && syncing !== pane) { return; }
        syncing = pane;
        var range = pane.scrollHeight - pane.clientHeight;
        var at = range > 0 ? pane.scrollTop / range : 0;
        panes.forEach(function (other) {
          if (other !== pane) { other.scrollTop = at * (other.scrollHeight - other.clientHeight); }
        });
        window.requestAnimationFrame(function () { syncing = null; });
      });
    });
  });

  // A text resolved conflict by conflict is sent once: the server builds it from the choices
  // and the user's own text (KEY__yours), so the free-edit box, unused, is left out of what the
  // form sends (and of what form-size.js counts). Without this script it is sent, and unused.
  form.addEventListener('formdata', function (e) {
    rows.forEach(function (row) {
      var editor = row.querySelector('[data-testid="result-editor"]');
      if (editor && !editor.querySelector('.mode-text').checked) {
        e.formData.delete(row.getAttribute('data-field'));
      }
    });
  });

  // A conflict decided since the page came back is no longer marked wrong (aria-invalid).
  function clearDecided() {
    all(page, 'fieldset.hunk-choices[aria-invalid], fieldset.scalar[aria-invalid]').forEach(function (group) {
      if (checked(group, 'input[type=radio]')) { group.removeAttribute('aria-invalid'); }
    });
  }

  function refresh() {
    rows.forEach(showResult);
    showTally();
    showSuggestions();
    clearDecided();
  }
  // After the listeners above, so the mode and choice they set are counted.
  form.addEventListener('input', refresh);
  form.addEventListener('change', refresh);
  refresh();
})();
