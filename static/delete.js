// The record page's Delete asks first. Without JavaScript its link opens the confirmation
// page (GET /records/{id}/delete); with it, the same question shows in place, and its
// "Yes" posts the delete form the page already holds.
document.addEventListener('DOMContentLoaded', function () {
  var form = document.querySelector('[data-testid="delete-form"]');
  if (!form) {
    return;
  }
  var open = form.querySelector('[data-testid="delete-button"]');
  var step = form.querySelector('[data-testid="delete-confirm-inline"]');
  var yes = step.querySelector('[data-testid="confirm-delete"]');
  var cancel = step.querySelector('[data-testid="cancel-delete"]');
  open.setAttribute('role', 'button');
  open.setAttribute('aria-expanded', 'false');
  open.setAttribute('aria-controls', step.id);
  function show(e) {
    e.preventDefault();
    step.hidden = false;
    open.setAttribute('aria-expanded', 'true');
    yes.focus();
  }
  open.addEventListener('click', show);
  open.addEventListener('keydown', function (e) {
    if (e.key === ' ') {
      show(e);
    }
  });
  cancel.addEventListener('click', function () {
    step.hidden = true;
    open.setAttribute('aria-expanded', 'false');
    open.focus();
  });
});
