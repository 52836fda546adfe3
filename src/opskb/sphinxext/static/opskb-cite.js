/* opskb: copy buttons, section links and section citations. No dependencies, no network
   but the page's own _cite/<page>.sections.json, fetched when a reader asks to cite a
   section. */
(function () {
  "use strict";

  var CLEAR_AFTER_MS = 5000;
  var BLOCK_ID = "cite-this-page";
  var sectionData = {};

  function showStatus(button, message) {
    // The status next to the button is a live region: screen readers hear it too.
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

  function fallback(button, source, text) {
    // No Clipboard API (an insecure origin, or permission refused): select the text so
    // that one keystroke copies it, and say so on the page.
    var copied = false;
    if (source) {
      selectContents(source);
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
    }
    showStatus(
      button,
      copied ? "Copied." : source ? "Selected: press Ctrl+C (\u2318C on a Mac) to copy." : text
    );
  }

  function copy(button) {
    var source = document.getElementById(button.getAttribute("aria-controls") || "");
    var text = button.getAttribute("data-copy-text") || (source && source.textContent);
    if (!text) return;
    var done = button.hasAttribute("data-copy-text") ? "Link copied." : "Copied.";
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () {
          showStatus(button, done);
        },
        function () {
          fallback(button, source, text);
        }
      );
    } else {
      fallback(button, source, text);
    }
  }

  function formatsPanel(row, data) {
    var panel = document.createElement("div");
    panel.className = "opskb-section-formats";
    panel.id = "cite-section-" + row.getAttribute("data-cite-label");
    data.formats.forEach(function (format) {
      var id = panel.id + "-" + format[0];
      var head = document.createElement("div");
      head.className = "opskb-cite-format-head";
      var name = document.createElement("strong");
      name.textContent = format[1];
      var button = document.createElement("button");
      button.type = "button";
      button.className = "opskb-cite-copy";
      button.setAttribute("aria-controls", id);
      button.setAttribute("aria-label", "Copy the " + format[1] + " citation of this section");
      button.textContent = "Copy";
      var status = document.createElement("span");
      status.className = "opskb-cite-status";
      status.setAttribute("role", "status");
      head.append(name, button, status);
      var pre = document.createElement("pre");
      pre.id = id;
      pre.textContent = format[2];
      panel.append(head, pre);
    });
    return panel;
  }

  function loadSections(href) {
    if (!sectionData[href]) {
      sectionData[href] = fetch(href).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
    }
    return sectionData[href];
  }

  function citeSection(button) {
    var row = button.closest(".opskb-section-cite");
    var panel = row.nextElementSibling;
    if (panel && panel.classList.contains("opskb-section-formats")) {
      panel.hidden = !panel.hidden;
      button.setAttribute("aria-expanded", String(!panel.hidden));
      return;
    }
    loadSections(row.getAttribute("data-cite-data")).then(
      function (sections) {
        var data = sections[row.getAttribute("data-cite-label")];
        if (!data) throw new Error("no citation for this section");
        var created = formatsPanel(row, data);
        row.after(created);
        button.setAttribute("aria-controls", created.id);
        button.setAttribute("aria-expanded", "true");
      },
      function () {
        // Opened from a file, or offline: the page's block has every format of the page.
        showStatus(button, "Could not load the citations; the page's are at its end.");
      }
    );
  }

  function openBlock() {
    // The "Cite" link and "On this page" entry lead to the closed block: open it.
    if (window.location.hash !== "#" + BLOCK_ID) return;
    var block = document.getElementById(BLOCK_ID);
    var details = block && block.querySelector("details");
    if (details) details.open = true;
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target;
    if (!target) return;
    var copyButton = target.closest("button.opskb-cite-copy");
    if (copyButton) copy(copyButton);
    var citeButton = target.closest("button.opskb-cite-section");
    if (citeButton) citeSection(citeButton);
    var jump = target.closest('a[href="#' + BLOCK_ID + '"]');
    if (jump) window.setTimeout(openBlock, 0);
  });
  window.addEventListener("hashchange", openBlock);
  openBlock();
})();
