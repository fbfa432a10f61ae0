/* global document, fetch, window */
// Forget-me-not appeals widget for partner websites:
//   <script src="https://HOST/widget.js" data-area="AREA-CODE" data-lang="cy" async></script>
// Shows the live appeals of an area where the tag is, inside a shadow root so that the host page's
// styles cannot change it (nor its styles the host page). Text comes from the server, in its language,
// and is only ever set as text (never as HTML). Links open the appeal page on HOST.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var area = script.getAttribute('data-area') || '';
  var lang = script.getAttribute('data-lang') || (document.documentElement.lang || '').split('-')[0] || '';
  var limit = Number(script.getAttribute('data-limit')) || 6;
  var host = document.createElement('div');
  host.setAttribute('data-forgetmenot-widget', '');
  script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;

  var STYLE =
    ':host{all:initial;display:block}' +
    '.w{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;color:#1b1b1f;background:#fff;border:2px solid #0f172a;border-radius:10px;padding:12px 16px;max-width:100%;box-sizing:border-box;text-align:start}' +
    '.w *{box-sizing:border-box}.k{margin:0;color:#b91c1c;font-weight:700;text-transform:uppercase;font-size:13px;letter-spacing:.04em}' +
    'h2{font-size:19px;margin:2px 0 10px}ul{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px}' +
    'li{border:1px solid #cbd5e1;border-radius:8px;overflow:hidden}img{display:block;width:100%;height:auto;aspect-ratio:4/5;object-fit:cover;background:#f3f4f6}' +
    '.t{padding:8px 10px}.t p{margin:4px 0;font-size:14px}a{color:#1d4ed8;font-weight:700}a:focus{outline:3px solid #f59e0b;outline-offset:2px}' +
    '.tag{background:#fde68a;color:#111;font-weight:700;font-size:12px;padding:1px 6px;border-radius:4px;display:inline-block}' +
    '.f{margin:10px 0 0;font-size:14px}';

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function link(href, text) {
    var a = el('a', '', text);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener';
    return a;
  }

  function render(data) {
    var labels = data.labels || {};
    var box = el('section', 'w');
    box.lang = data.language;
    box.dir = data.direction === 'rtl' ? 'rtl' : 'ltr';
    box.setAttribute('aria-label', labels.title || '');
    box.appendChild(el('p', 'k', labels.kicker));
    box.appendChild(el('h2', '', labels.title));
    if (!data.items || data.items.length === 0) {
      box.appendChild(el('p', '', labels.none));
    } else {
      var list = el('ul');
      data.items.forEach(function (item) {
        var li = el('li');
        if (item.photoUrl) {
          var img = el('img');
          img.src = item.photoUrl;
          img.alt = '';
          img.width = 300;
          img.height = 375;
          img.loading = 'lazy';
          li.appendChild(img);
        }
        var text = el('div', 't');
        if (item.capStatus !== 'Actual')
          text.appendChild(el('p')).appendChild(el('span', 'tag', item.capStatus === 'Exercise' ? labels.exercise : labels.test));
        var title = el('p');
        var a = link(item.url, item.headline);
        if (item.language !== data.language) a.lang = item.language;
        title.appendChild(a);
        text.appendChild(title);
        text.appendChild(el('p', '', (labels.lastSeen || '') + ': ' + item.lastSeenPlace + ', ' + item.lastSeenWhen));
        text.appendChild(el('p')).appendChild(link(item.sightingUrl, labels.sighting));
        li.appendChild(text);
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    var foot = el('p', 'f');
    foot.appendChild(link(data.allUrl, labels.all));
    box.appendChild(foot);
    var style = el('style', '', STYLE);
    root.appendChild(style);
    root.appendChild(box);
  }

  var query = '?limit=' + encodeURIComponent(String(limit));
  if (area) query += '&area=' + encodeURIComponent(area);
  if (lang) query += '&lang=' + encodeURIComponent(lang);
  fetch(origin + '/api/v1/public/appeals' + query, { credentials: 'omit', headers: { Accept: 'application/json' } })
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(render)
    .catch(function () {
      /* the host page carries on without the widget */
    });
})();
