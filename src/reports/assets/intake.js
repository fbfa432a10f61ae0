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
      navigator.geolocation.getCurrentPosition(
        function (position) {
          form.elements.lat.value = position.coords.latitude.toFixed(5);
          form.elements.lon.value = position.coords.longitude.toFixed(5);
          document.getElementById('location-status').textContent = (form.getAttribute('data-located-text') || '{{position}}').replace(
            '{{position}}',
            '\u2068' + form.elements.lat.value + ', ' + form.elements.lon.value + '\u2069',
          );
        },
        function () {
          document.getElementById('location-status').textContent = form.getAttribute('data-location-failed-text');
        },
        { enableHighAccuracy: true, timeout: 15000 },
      );
    });
  }

  // Place names suggested as the person types (the input becomes a combobox through its datalist). A
  // suggestion picked exactly is sent as its id too, so "Newport, Wales" means that Newport; anything else
  // typed is sent as words and matched, or kept for the police to place, on the server.
  var place = document.getElementById('place');
  var suggestions = document.getElementById('place-suggestions');
  if (place && suggestions && place.getAttribute('data-suggest')) {
    place.setAttribute('list', 'place-suggestions');
    var ids = {};
    var timer = null;
    var asked = '';
    var chosen = null;
    var pick = function () {
      var id = ids[place.value];
      if (form.querySelector('input[type=radio][name=place_choice]')) return;
      if (id && !chosen) {
        chosen = document.createElement('input');
        chosen.type = 'hidden';
        chosen.name = 'place_choice';
        form.appendChild(chosen);
      }
      if (chosen) chosen.value = id ? String(id) : '';
    };
    place.addEventListener('input', function () {
      pick();
      clearTimeout(timer);
      var typed = place.value.trim();
      if (typed.length < 2 || typed === asked || ids[place.value]) return;
      timer = setTimeout(function () {
        asked = typed;
        fetch(place.getAttribute('data-suggest') + '?q=' + encodeURIComponent(typed), { headers: { Accept: 'application/json' } })
          .then(function (response) {
            return response.ok ? response.json() : { items: [] };
          })
          .then(
            function (body) {
              if (place.value.trim() !== typed) return;
              while (suggestions.firstChild) suggestions.removeChild(suggestions.firstChild);
              body.items.forEach(function (item) {
                var option = document.createElement('option');
                option.value = item.label;
                ids[item.label] = item.id;
                suggestions.appendChild(option);
              });
            },
            function () {
              /* No suggestions offline: typing still works. */
            },
          );
      }, 250);
    });
    place.addEventListener('change', pick);
  }

  function solveChallenge() {
    return fetch('/api/v1/public/challenge', { headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error('challenge');
        return response.json();
      })
      .then(function (challenge) {
        return new Promise(function (resolve) {
          var worker = new Worker('/report/pow-worker.js');
          worker.onmessage = function (event) {
            worker.terminate();
            resolve({ id: challenge.id, nonce: event.data.nonce });
          };
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
    fetch(form.action, {
      method: 'POST',
      body: new FormData(form),
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    }).then(
      function (response) {
        if (response.ok && (response.headers.get('Content-Type') || '').indexOf('application/json') === 0) {
          return response.json().then(function (body) {
            window.location.assign(body.receiptUrl);
          });
        }
        return response.text().then(function (page) {
          document.open();
          document.write(page);
          document.close();
        });
      },
      function () {
        say(form.getAttribute('data-offline-text'));
        setTimeout(send, delay);
        delay = Math.min(delay * 2, 30000);
      },
    );
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (sending) return;
    sending = true;
    say(form.getAttribute('data-sending-text'));
    var attempt = function () {
      solveChallenge()
        .then(function (solution) {
          form.elements.pow_id.value = solution.id;
          form.elements.pow_nonce.value = solution.nonce;
          send();
        })
        .catch(function () {
          say(form.getAttribute('data-offline-text'));
          setTimeout(attempt, delay);
          delay = Math.min(delay * 2, 30000);
        });
    };
    attempt();
  });
})();
