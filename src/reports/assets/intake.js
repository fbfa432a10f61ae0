/* global document, window, navigator, fetch, Worker, FormData */
// The sighting and report forms, with JavaScript: solves the proof-of-work in a worker, sends once, and
// on a lost connection keeps trying (the same idempotency key, so a send that did arrive is not stored
// twice). Nothing is kept on the device: no draft in localStorage or sessionStorage, so a report typed on
// a shared device cannot be found by the next person. Without JavaScript the form still posts as HTML.
(function () {
  'use strict';
  var form = document.getElementById('intake-form');
  if (!form || !window.fetch || !window.Worker) return;
  var status = document.getElementById('submit-status');

  function say(text) {
    if (status) status.textContent = text;
  }

  var locate = document.getElementById('use-location');
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener('click', function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(5);
        form.elements.lon.value = position.coords.longitude.toFixed(5);
        document.getElementById('location-status').textContent = (form.getAttribute('data-located-text') || '{{position}}')
          .replace('{{position}}', '\u2068' + form.elements.lat.value + ', ' + form.elements.lon.value + '\u2069');
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
  // One post per submit. The server's answer is shown as it is: a receipt (JSON, then its page), or the
  // page it sends for a mistake in the form or a refusal, written in place of this one. Only a send that
  // never got an answer (no connection) is tried again.
  function send() {
    fetch(form.action, { method: 'POST', body: new FormData(form), headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (response.ok && (response.headers.get('Content-Type') || '').indexOf('application/json') === 0) {
          return response.json().then(function (body) { window.location.assign(body.receiptUrl); });
        }
        return response.text().then(function (page) {
          document.open();
          document.write(page);
          document.close();
        });
      }, function () {
        say(form.getAttribute('data-offline-text'));
        setTimeout(send, delay);
        delay = Math.min(delay * 2, 30000);
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (sending) return;
    sending = true;
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
