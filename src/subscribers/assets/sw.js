/* global self */
// The site's service worker: shows the Child Rescue Alerts that arrive by web push, and opens the
// appeal when one is tapped. The payload is JSON: { title, body, url, icon, tag, status, notice, id }.
'use strict';

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

// Only pages of this site are opened from a notification.
function pageOnThisSite(url) {
  try {
    const parsed = new URL(url, self.location.origin);
    if (parsed.origin === self.location.origin) return parsed.href;
  } catch {
    // fall through to the list of appeals
  }
  return new URL('/appeals', self.location.origin).href;
}

self.addEventListener('push', (event) => {
  let data = {};
  if (event.data) {
    try {
      data = event.data.json();
    } catch {
      data = { body: event.data.text() };
    }
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'Child Rescue Alert';
  const options = {
    body: typeof data.body === 'string' ? data.body : '',
    data: { url: pageOnThisSite(data.url), id: data.id },
    // A later notice about the same appeal (an update, "found") replaces the earlier notification.
    tag: typeof data.tag === 'string' && data.tag ? data.tag : undefined,
    renotify: Boolean(data.tag),
    // A real appeal stays on screen until it is dealt with; exercises and tests may fade.
    requireInteraction: data.status === 'Actual' && (data.notice === 'alert' || data.notice === 'update' || data.notice === 'reissue'),
    lang: typeof data.lang === 'string' ? data.lang : undefined,
  };
  if (typeof data.icon === 'string' && data.icon) options.icon = data.icon;
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = pageOnThisSite(event.notification.data && event.notification.data.url);
  event.waitUntil(
    (async () => {
      const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const same = open.find((client) => client.url === url && 'focus' in client);
      if (same) return same.focus();
      return self.clients.openWindow(url);
    })(),
  );
});
