// A form larger than a request may be (the form's data-max-bytes) is not sent: the server
// would refuse it (413) before reading it, and the page that holds what was typed would be
// gone. The page stays as it is, with a message saying what to shorten.
document.addEventListener('submit', function (e) {
  var form = e.target;
  var max = Number(form.getAttribute('data-max-bytes'));
  if (!max) {
    return;
  }
  var size = 0;
  new FormData(form).forEach(function (value, name) {
    // A part's head and boundary, then the value as UTF-8, each line break sent as CRLF.
    var text = typeof value === 'string' ? value : '';
    size += 100 + new Blob([name]).size + new Blob([text]).size + (text.match(/\n/g) || []).length;
  });
  var notice = form.querySelector('[data-testid="form-too-large"]');
  if (size <= max) {
    if (notice) {
      notice.remove();
    }
    return;
  }
  e.preventDefault();
  if (!notice) {
    notice = document.createElement('p');
    notice.className = 'error';
    notice.setAttribute('role', 'alert');
    notice.setAttribute('data-testid', 'form-too-large');
    form.insertBefore(notice, form.firstChild);
  }
  var mib = function (bytes) { return (bytes / 1048576).toFixed(1) + ' MiB'; };
  notice.textContent = 'This form holds about ' + mib(size) + '; stet takes at most ' + mib(max)
      + ' at once. Nothing was sent, and nothing you typed is lost: shorten a long text, then send it again.';
  notice.scrollIntoView();
});
