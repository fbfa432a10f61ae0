/* global document, window */
// "Exit this page" (the GOV.UK pattern): the button, or Shift pressed three times, leaves at once for a
// neutral site. location.replace takes this page out of the tab's history, so Back does not return to
// it; the page is blanked first so nothing of it stays on screen while the other site loads. Without
// JavaScript the button is a plain link to the same site.
(function () {
  'use strict';
  var link = document.getElementById('quick-exit');
  if (!link) return;
  var target = link.getAttribute('href');
  var hint = document.getElementById('quick-exit-hint');
  if (hint) hint.hidden = false;

  function leave(event) {
    if (event) event.preventDefault();
    document.title = '';
    document.body.textContent = '';
    window.location.replace(target);
  }
  link.addEventListener('click', leave);

  // Three presses of Shift with no other key between them, within five seconds.
  var presses = 0;
  var timer;
  document.addEventListener('keyup', function (event) {
    if (event.key !== 'Shift') {
      presses = 0;
      return;
    }
    presses++;
    clearTimeout(timer);
    timer = setTimeout(function () {
      presses = 0;
    }, 5000);
    if (presses >= 3) leave();
  });
})();
