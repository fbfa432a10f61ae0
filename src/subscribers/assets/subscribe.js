/* global document, window, navigator, Notification, fetch, atob */
// Adds two things to the sign-up form where the browser can do them; the form works without them.
//  - Browser notifications: on sending the form with the box ticked, asks permission, subscribes with
//    the site's VAPID key and sends the subscription (endpoint and keys) with the form.
//  - "Use my location": fills a place with the browser's position, rounded to two decimals (about a
//    kilometre) before it leaves the device; the server keeps only the coarse cell around it.
'use strict';

(function () {
  const form = document.getElementById('sign-up');
  if (!form) return;
  const field = (name) => form.elements.namedItem(name);

  function say(after, text) {
    let status = after.parentNode.querySelector('.js-status');
    if (!status) {
      status = document.createElement('p');
      status.className = 'hint js-status';
      status.setAttribute('role', 'status');
      after.insertAdjacentElement('afterend', status);
    }
    status.textContent = text;
  }

  // --- Use my location ---
  if ('geolocation' in navigator) {
    form.querySelectorAll('button.locate').forEach((button) => {
      const n = button.getAttribute('data-place');
      const text = document.getElementById('place' + n);
      const lat = field('lat' + n);
      const lon = field('lon' + n);
      if (!text || !lat || !lon) return;
      button.hidden = false;
      button.addEventListener('click', () => {
        navigator.geolocation.getCurrentPosition(
          (position) => {
            lat.value = (Math.round(position.coords.latitude * 100) / 100).toFixed(2);
            lon.value = (Math.round(position.coords.longitude * 100) / 100).toFixed(2);
            text.value = form.getAttribute('data-msg-located') || '';
            say(button, form.getAttribute('data-msg-located') || '');
          },
          () => say(button, form.getAttribute('data-msg-location-failed') || ''),
          { enableHighAccuracy: false, maximumAge: 10 * 60 * 1000, timeout: 20 * 1000 },
        );
      });
      // Typing a town again means the typed town, not the position.
      text.addEventListener('input', () => {
        lat.value = '';
        lon.value = '';
      });
    });
  }

  // --- Browser notifications ---
  const pushSupported = window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  const option = document.getElementById('push-option');
  const box = document.getElementById('channel_push');
  if (!pushSupported || !option || !box) return;
  option.hidden = false;

  function keyBytes(base64url) {
    const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((base64url.length + 3) % 4);
    const raw = atob(base64);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  let sending = false;
  form.addEventListener('submit', (event) => {
    if (!box.checked || field('push_endpoint').value || sending) return;
    event.preventDefault();
    sending = true;
    // Asked first, while the click still counts as the person's own action (some browsers insist).
    const permission = Notification.requestPermission();
    (async () => {
      if ((await permission) !== 'granted') throw new Error('permission');
      const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      await navigator.serviceWorker.ready;
      const response = await fetch('/alerts/vapid-public-key', { credentials: 'omit' });
      const { publicKey } = await response.json();
      let subscription = await registration.pushManager.getSubscription();
      if (!subscription) {
        subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
      }
      const json = subscription.toJSON();
      field('push_endpoint').value = json.endpoint;
      field('push_p256dh').value = json.keys.p256dh;
      field('push_auth').value = json.keys.auth;
      form.submit();
    })().catch(() => {
      sending = false;
      box.checked = false;
      say(box.parentNode, form.getAttribute('data-msg-push-denied') || '');
    });
  });
})();
