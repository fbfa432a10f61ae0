/* global document, navigator */
// The share area's "Copy the text" buttons: shown only when the browser can copy. Without JavaScript the
// post texts are still there to select and copy by hand.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    var status = document.getElementById(button.getAttribute('data-status'));
    if (!field || !status) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = button.getAttribute('data-copied');
      });
    });
  });
})();
