/* global document, window, navigator, fetch, Worker, FormData, localStorage */
// The sighting and report forms, with JavaScript: keeps a draft on this device until the server has it,
// solves the proof-of-work in a worker, sends, and on a lost connection keeps trying. Without JavaScript
// the form still posts as plain HTML.
(function () {
  'use strict';
  var form = document.getElementById('intake-form');
  if (!form || !window.fetch || !window.Worker) return;
  var draftKey = form.getAttribute('data-draft-key');
  var status = document.getElementById('submit-status');
  var kept = ['pow_id', 'pow_nonce', 'website'];

  function draftFields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && kept.indexOf(el.name) < 0 && el.type !== 'file' && el.type !== 'submit' && el.type !== 'button';
    });
  }
  function say(text) {
    if (status) status.textContent = text;
  }

  try {
    var saved = JSON.parse(localStorage.getItem(draftKey) || 'null');
    if (saved) {
      draftFields().forEach(function (el) {
        if (!(el.name in saved)) return;
        if (el.type === 'radio' || el.type === 'checkbox') el.checked = saved[el.name] === el.value;
        else if (el.value === '' || el.name === 'idempotency_key') el.value = saved[el.name];
      });
      say(form.getAttribute('data-restored-text'));
    }
  } catch { /* private browsing: no draft, the form still works */ }

  function saveDraft() {
    var draft = {};
    draftFields().forEach(function (el) {
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) return;
      draft[el.name] = el.value;
    });
    try { localStorage.setItem(draftKey, JSON.stringify(draft)); } catch { /* storage full or off */ }
  }
  form.addEventListener('input', saveDraft);
  form.addEventListener('change', saveDraft);

  var locate = document.getElementById('use-location');
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener('click', function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(5);
        form.elements.lon.value = position.coords.longitude.toFixed(5);
        document.getElementById('location-status').textContent = (form.getAttribute('data-located-text') || '{{position}}')
          .replace('{{position}}', '\u2068' + form.elements.lat.value + ', ' + form.elements.lon.value + '\u2069');
        saveDraft();
      }, function () {
        document.getElementById('location-status').textContent = form.getAttribute('data-location-failed-text');
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }

  function solveChallenge() {
    return fetch('/api/v1/public/challenge', { headers: { Accept: 'application/json' } })
      .then(function (response) { if (!response.ok) throw new Error('challenge'); return response.json(); })
      .then(function (challenge) {
        return new Promise(function (resolve) {
          var worker = new Worker('/report/pow-worker.js');
          worker.onmessage = function (event) { worker.terminate(); resolve({ id: challenge.id, nonce: event.data.nonce }); };
          worker.postMessage({ id: challenge.id, difficulty: challenge.difficulty });
        });
      });
  }

  var sending = false;
  var delay = 2000;
  function send() {
    fetch(form.action, { method: 'POST', body: new FormData(form), headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (response.ok) {
          return response.json().then(function (body) {
            try { localStorage.removeItem(draftKey); } catch { /* nothing to clear */ }
            window.location.assign(body.receiptUrl);
          });
        }
        // The server has an answer to show (a mistake in the form, too many tries): let it render the page.
        sending = false;
        form.submit();
      })
      .catch(function () {
        say(form.getAttribute('data-offline-text'));
        setTimeout(send, delay);
        delay = Math.min(delay * 2, 30000);
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (sending) return;
    sending = true;
    saveDraft();
    say(form.getAttribute('data-sending-text'));
    var attempt = function () {
      solveChallenge().then(function (solution) {
        form.elements.pow_id.value = solution.id;
        form.elements.pow_nonce.value = solution.nonce;
        send();
      }).catch(function () {
        say(form.getAttribute('data-offline-text'));
        setTimeout(attempt, delay);
        delay = Math.min(delay * 2, 30000);
      });
    };
    attempt();
  });
})();
