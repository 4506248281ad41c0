// The history pages, made a little better where JavaScript runs; everything works without it.
//
// 1. Times: each <time class="when" datetime="…"> shows "3 minutes ago" with the exact time in
//    its title, in UTC as the server wrote it. Here the title becomes the exact time in the
//    viewer's own time zone, as "2026-11-26 12:49 UTC+9" (the same shape, so it reads the same).
// 2. The compare form (MediaWiki's history): a "from" radio is hidden on the versions at or
//    after the chosen "to", a "to" radio on those at or before the chosen "from", so only
//    pairs that can be compared are offered. The server checks the pair either way.
(function () {
  'use strict';

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  // "UTC", "UTC+9", "UTC-3:30": the offset of this zone at that moment (summer time included).
  function zone(date) {
    var east = -date.getTimezoneOffset();
    if (east === 0) {
      return 'UTC';
    }
    var abs = Math.abs(east);
    var minutes = abs % 60;
    return 'UTC' + (east > 0 ? '+' : '-') + Math.floor(abs / 60) + (minutes ? ':' + pad(minutes) : '');
  }

  function local(date) {
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' ' +
      pad(date.getHours()) + ':' + pad(date.getMinutes()) + ' ' + zone(date);
  }

  var times = document.querySelectorAll('time.when[datetime]');
  for (var i = 0; i < times.length; i++) {
    var date = new Date(times[i].getAttribute('datetime'));
    if (!isNaN(date.getTime())) {
      times[i].setAttribute('title', local(date));
    }
  }

  var form = document.querySelector('form.compare-form');
  if (!form) {
    return;
  }

  function checked(name) {
    var radio = form.querySelector('input[type=radio][name=' + name + ']:checked');
    return radio ? Number(radio.value) : null;
  }

  function offerPairs() {
    var from = checked('from');
    var to = checked('to');
    var radios = form.querySelectorAll('input[type=radio]');
    for (var j = 0; j < radios.length; j++) {
      var version = Number(radios[j].value);
      var hide = radios[j].name === 'from' ? to !== null && version >= to : from !== null && version <= from;
      radios[j].style.visibility = hide ? 'hidden' : '';
    }
  }

  form.addEventListener('change', offerPairs);
  offerPairs();
})();
