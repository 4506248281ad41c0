// Live changes on a record's page and edit form (docs/stable-surface.md, "Leases and live changes").
// Listens to GET /records/{id}/events; on the edit form, also keeps the user's edit lease: taken
// on load, renewed every minute (or at half a shorter lease), released with a beacon when the page is left. Nothing here
// touches what the user typed: notices are added above the form.
(function () {
  'use strict';
  var root = document.querySelector('[data-live-record]');
  if (!root || !window.EventSource || !window.fetch) {
    return;
  }
  var id = root.getAttribute('data-live-record');
  var editing = root.getAttribute('data-live-mode') === 'editing';
  var exclusive = root.getAttribute('data-exclusive') === 'true';
  var csrfInput = document.querySelector('input[name=_csrf]');
  var csrf = root.getAttribute('data-csrf') || (csrfInput ? csrfInput.value : '');
  var formVersion = Number(root.getAttribute('data-live-version'));
  var seen = formVersion;
  // The expiry of this page's own lease as last renewed; the beacon releases no later one.
  var mine = root.getAttribute('data-lease-expires') || null;
  // This page's event stream, as the server named it: the beacon says which page is leaving.
  var stream = null;
  var notices = document.querySelector('[data-testid=live-notices]');
  var presence = document.querySelector('[data-testid=presence]');
  var waiting = null;
  var submitting = false;
  // How often the form renews its lease: the server says (half a short lease, else a minute).
  var RENEW_MS = Number(root.getAttribute('data-lease-renew-ms')) || 60 * 1000;

  function clock(iso) {
    var d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function notice(testid, key, parts) {
    if (!notices) {
      return null;
    }
    var old = notices.querySelector('[data-testid=' + testid + ']');
    var p = el('p', { 'class': 'live-notice', 'data-testid': testid });
    parts.forEach(function (part) { p.appendChild(typeof part === 'string' ? document.createTextNode(part) : part); });
    if (key !== null) {
      p.setAttribute('data-version', key);
    }
    if (old) {
      notices.replaceChild(p, old);
    } else {
      notices.appendChild(p);
    }
    return p;
  }

  function changed(data, deleted) {
    if (data.version <= seen) {
      return;
    }
    seen = data.version;
    var who = data.mine ? 'You' : (data.author || 'Someone');
    var where = data.mine ? ' in another tab' : '';
    var what = data.changed && data.changed.length ? ' (changed ' + data.changed.join(', ') + ')' : '';
    var compare = el('a', { href: '/records/' + id + '/compare?from=' + formVersion + '&to=' + data.version }, 'See the changes');
    if (deleted) {
      notice('live-notice', data.version, editing
        ? [who + ' deleted this record' + where + ' (version ' + data.version + '). Your values stay here; saving will offer to restore the record with them.']
        : [who + ' deleted this record' + where + '. ', el('a', { href: location.pathname }, 'Reload')]);
    } else if (editing) {
      notice('live-notice', data.version, [who + ' saved version ' + data.version + where + what
        + ' — your save will be merged with it. ', compare]);
    } else {
      notice('live-notice', data.version, [who + ' saved version ' + data.version + where + what + '. ',
        el('a', { href: location.pathname }, 'Reload to see it')]);
    }
  }

  function leaseNotice() {
    return document.querySelector('[data-testid=lease-notice]');
  }

  function showHolder(data) {
    var old = leaseNotice();
    if (old && old.getAttribute('data-holder') === data.holder && old.getAttribute('data-expires') === data.expires) {
      return;
    }
    var box = el('div', { 'class': 'lease-notice', role: 'status', 'data-testid': 'lease-notice',
      'data-holder': data.holder, 'data-expires': data.expires });
    var p = el('p');
    p.appendChild(el('strong', {}, data.holder));
    p.appendChild(document.createTextNode(' has been editing since ' + clock(data.since) + '; '));
    p.appendChild(el('span', { 'data-testid': 'lease-expires' },
      'the lease ends at ' + clock(data.expires) + ' unless ' + data.holder + ' keeps working'));
    p.appendChild(document.createTextNode('.'));
    box.appendChild(p);
    if (old) {
      // The server's notice holds the buttons (edit anyway, notify me, break): only its words change.
      old.replaceChild(p, old.querySelector('p'));
      old.setAttribute('data-holder', data.holder);
      old.setAttribute('data-expires', data.expires);
    } else if (notices) {
      notices.parentNode.insertBefore(box, notices.parentNode.firstChild);
    }
  }

  function marker(holder) {
    var slot = document.querySelector('[data-lease-slot]');
    if (!slot) {
      return;
    }
    slot.textContent = '';
    if (holder) {
      slot.appendChild(el('span', { 'class': 'lease-marker', 'data-testid': 'lease-marker-' + id }, 'being edited by ' + holder));
    }
  }

  function lease(data) {
    if (data.brokenBy && data.wasMine && editing) {
      notice('lease-broken', null, [data.brokenBy + ' broke your edit lease. What you typed is still here; '
        + 'your save goes through the usual check' + (exclusive ? ' once nobody else is editing.' : '.')]);
    }
    marker(data.holder && !data.mine ? data.holder : null);
    if (!editing) {
      return;
    }
    if (data.holder && !data.mine) {
      showHolder(data);
      return;
    }
    if (data.mine && data.expires) {
      mine = data.expires;
    }
    var old = leaseNotice();
    if (old) {
      old.parentNode.removeChild(old);
    }
    if (!data.holder) {
      if (waiting) {
        notice('lease-free', null, [waiting + ' is done: you can edit this record now.']);
        if (window.Notification && Notification.permission === 'granted') {
          new Notification(waiting + ' is done editing', { body: document.title });
        }
        waiting = null;
      }
      takeLease();
    }
  }

  function people(data) {
    if (!presence) {
      return;
    }
    var others = data.others || [];
    presence.hidden = others.length === 0;
    presence.textContent = others.length === 0 ? '' : 'Also here: ' + others.map(function (o) {
      return o.name + (o.editing ? ' (editing)' : ' (viewing)');
    }).join(', ');
  }

  function open() {
    var fields = document.querySelector('[data-testid=record-fields]');
    if (fields && fields.disabled) {
      fields.disabled = false;
    }
  }

  function takeLease() {
    if (!editing || submitting) {
      return;
    }
    fetch('/records/' + id + '/lease', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf, 'Accept': 'application/json' }
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.status === 200) {
          mine = body.expires;
          open();
          var old = leaseNotice();
          if (old) {
            old.parentNode.removeChild(old);
          }
        } else if (response.status === 409) {
          showHolder(body);
        }
      });
    }).catch(function () { /* The next renewal tries again. */ });
  }

  function release() {
    // Only the lease this page renewed last: a reload or a second tab of the same session renews it
    // to a later expiry, and the server then ends nothing; nor while another form of the user's is
    // open on the record (the server knows the open streams; this page names its own).
    if (editing && !submitting && mine && navigator.sendBeacon) {
      var leaving = { _csrf: csrf, expires: mine };
      if (stream) {
        leaving.stream = stream;
      }
      navigator.sendBeacon('/records/' + id + '/lease/release', new URLSearchParams(leaving));
    }
  }

  var notify = document.querySelector('[data-testid=notify-when-done]');
  if (notify) {
    notify.hidden = false;
    notify.addEventListener('click', function () {
      var n = leaseNotice();
      waiting = n ? n.getAttribute('data-holder') : 'They';
      notify.textContent = 'You will be told here when ' + waiting + ' is done';
      notify.disabled = true;
      if (window.Notification && Notification.permission === 'default') {
        Notification.requestPermission();
      }
    });
  }

  var source = null;
  function listen() {
    // The version this page last heard of: a stream opened again is told only what is newer.
    source = new EventSource('/records/' + id + '/events?version=' + seen + '&mode=' + (editing ? 'editing' : 'viewing'));
    source.addEventListener('saved', function (e) { changed(JSON.parse(e.data), false); });
    source.addEventListener('deleted', function (e) { changed(JSON.parse(e.data), true); });
    source.addEventListener('lease', function (e) { lease(JSON.parse(e.data)); });
    source.addEventListener('presence', function (e) { people(JSON.parse(e.data)); });
    source.addEventListener('stream', function (e) { stream = JSON.parse(e.data).id; });
  }
  listen();
  window.addEventListener('pagehide', function () {
    release();
    source.close();
  });
  window.addEventListener('pageshow', function (e) {
    if (e.persisted) {
      submitting = false;
      listen();
      takeLease();
    }
  });

  if (editing) {
    var form = root.tagName === 'FORM' ? root : root.querySelector('form');
    // A save ends the lease on the server when it lands, and an admin's break hands it to the admin
    // in the same commit: the page that follows holds what it should, and this page's beacon, sent
    // only once that page has loaded, must not release it. A page shown again takes it again.
    document.addEventListener('submit', function (e) {
      if (e.target === form || e.target.querySelector('[data-testid=break-lease]')) {
        submitting = true;
      }
    });
    setInterval(takeLease, RENEW_MS);
  }
}());
