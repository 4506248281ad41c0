// An import being applied (docs/stable-surface.md, "CSV import"): polls GET /imports/{id}/progress
// every second and moves the progress bar; when the import is done or failed, the page is loaded
// again to show what became of every row. Without JavaScript the page says to reload.
(function () {
  'use strict';
  var root = document.querySelector('[data-testid=import-preview]');
  var bar = document.querySelector('[data-testid=import-progress]');
  if (!root || !bar || !window.fetch || root.getAttribute('data-state') !== 'applying') {
    return;
  }
  var text = document.querySelector('[data-import-progress-text]');
  var INTERVAL_MS = 1000;

  function show(done, total) {
    bar.max = total;
    bar.value = done;
    bar.textContent = done + ' of ' + total;
    bar.setAttribute('data-done', String(done));
    bar.setAttribute('data-total', String(total));
    if (text) {
      text.textContent = done + ' of ' + total + ' rows';
    }
  }

  function poll() {
    fetch(root.getAttribute('data-progress'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('status ' + response.status);
        }
        return response.json();
      })
      .then(function (job) {
        show(job.applied, job.total);
        if (job.state === 'applying') {
          setTimeout(poll, INTERVAL_MS);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        // The server or the network is away for a moment: keep asking, a little less often.
        setTimeout(poll, 3 * INTERVAL_MS);
      });
  }

  setTimeout(poll, INTERVAL_MS);
}());
