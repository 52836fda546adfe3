/* opskb: the copy buttons of the "Cite this page" block. No dependencies, no network. */
(function () {
  "use strict";

  var CLEAR_AFTER_MS = 5000;

  function showStatus(button, message) {
    // The status sits next to the button and is a live region: screen readers hear it too.
    var status = button.parentNode.querySelector(".opskb-cite-status");
    if (!status) return;
    status.textContent = message;
    window.clearTimeout(status.opskbTimer);
    status.opskbTimer = window.setTimeout(function () {
      status.textContent = "";
    }, CLEAR_AFTER_MS);
  }

  function selectContents(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function fallback(button, source) {
    // No Clipboard API (an insecure origin, or permission refused): select the text so
    // that one keystroke copies it, and say so on the page.
    selectContents(source);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    showStatus(button, copied ? "Copied." : "Selected: press Ctrl+C (\u2318C on a Mac) to copy.");
  }

  function copy(button) {
    var source = document.getElementById(button.getAttribute("aria-controls"));
    if (!source) return;
    var text = source.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () {
          showStatus(button, "Copied.");
        },
        function () {
          fallback(button, source);
        }
      );
    } else {
      fallback(button, source);
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-cite-copy]");
    if (button) copy(button);
  });
})();
